// Original file: covey/v1/objects.proto

import type { Meta as _covey_v1_Meta, Meta__Output as _covey_v1_Meta__Output } from '../../covey/v1/Meta.ts';
import type { ConfigSpec as _covey_v1_ConfigSpec, ConfigSpec__Output as _covey_v1_ConfigSpec__Output } from '../../covey/v1/ConfigSpec.ts';

export interface Config {
  'id'?: (string);
  'meta'?: (_covey_v1_Meta | null);
  'spec'?: (_covey_v1_ConfigSpec | null);
}

export interface Config__Output {
  'id': (string);
  'meta': (_covey_v1_Meta__Output | null);
  'spec': (_covey_v1_ConfigSpec__Output | null);
}
