// Original file: covey/v1/specs.proto

import type { Resources as _covey_v1_Resources, Resources__Output as _covey_v1_Resources__Output } from '../../covey/v1/Resources.ts';

export interface ResourceRequirements {
  'limits'?: (_covey_v1_Resources | null);
  'reservations'?: (_covey_v1_Resources | null);
}

export interface ResourceRequirements__Output {
  'limits': (_covey_v1_Resources__Output | null);
  'reservations': (_covey_v1_Resources__Output | null);
}
