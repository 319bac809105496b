// Original file: covey/v1/objects.proto

import type { Meta as _covey_v1_Meta, Meta__Output as _covey_v1_Meta__Output } from '../../covey/v1/Meta.ts';
import type { ClusterSpec as _covey_v1_ClusterSpec, ClusterSpec__Output as _covey_v1_ClusterSpec__Output } from '../../covey/v1/ClusterSpec.ts';
import type { RootCA as _covey_v1_RootCA, RootCA__Output as _covey_v1_RootCA__Output } from '../../covey/v1/RootCA.ts';

export interface Cluster {
  'id'?: (string);
  'meta'?: (_covey_v1_Meta | null);
  'spec'?: (_covey_v1_ClusterSpec | null);
  'rootCa'?: (_covey_v1_RootCA | null);
}

export interface Cluster__Output {
  'id': (string);
  'meta': (_covey_v1_Meta__Output | null);
  'spec': (_covey_v1_ClusterSpec__Output | null);
  'rootCa': (_covey_v1_RootCA__Output | null);
}
