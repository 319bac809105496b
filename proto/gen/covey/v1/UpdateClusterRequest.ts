// Original file: covey/v1/control.proto

import type { ClusterSpec as _covey_v1_ClusterSpec, ClusterSpec__Output as _covey_v1_ClusterSpec__Output } from '../../covey/v1/ClusterSpec.ts';
import type { JoinTokenRotation as _covey_v1_JoinTokenRotation, JoinTokenRotation__Output as _covey_v1_JoinTokenRotation__Output } from '../../covey/v1/JoinTokenRotation.ts';
import type { Long } from '@grpc/proto-loader';

export interface UpdateClusterRequest {
  'clusterId'?: (string);
  'clusterVersion'?: (number | string | Long);
  'spec'?: (_covey_v1_ClusterSpec | null);
  'rotation'?: (_covey_v1_JoinTokenRotation | null);
}

export interface UpdateClusterRequest__Output {
  'clusterId': (string);
  'clusterVersion': (number);
  'spec': (_covey_v1_ClusterSpec__Output | null);
  'rotation': (_covey_v1_JoinTokenRotation__Output | null);
}
