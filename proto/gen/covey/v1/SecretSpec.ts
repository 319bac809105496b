// Original file: covey/v1/specs.proto

import type { Annotations as _covey_v1_Annotations, Annotations__Output as _covey_v1_Annotations__Output } from '../../covey/v1/Annotations.ts';

export interface SecretSpec {
  'annotations'?: (_covey_v1_Annotations | null);
  'data'?: (Buffer | Uint8Array | string);
}

export interface SecretSpec__Output {
  'annotations': (_covey_v1_Annotations__Output | null);
  'data': (Buffer);
}
