// Original file: covey/v1/objects.proto

import type { Meta as _covey_v1_Meta, Meta__Output as _covey_v1_Meta__Output } from '../../covey/v1/Meta.ts';
import type { SecretSpec as _covey_v1_SecretSpec, SecretSpec__Output as _covey_v1_SecretSpec__Output } from '../../covey/v1/SecretSpec.ts';

export interface Secret {
  'id'?: (string);
  'meta'?: (_covey_v1_Meta | null);
  'spec'?: (_covey_v1_SecretSpec | null);
}

export interface Secret__Output {
  'id': (string);
  'meta': (_covey_v1_Meta__Output | null);
  'spec': (_covey_v1_SecretSpec__Output | null);
}
