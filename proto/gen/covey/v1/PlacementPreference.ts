// Original file: covey/v1/specs.proto

import type { SpreadOver as _covey_v1_SpreadOver, SpreadOver__Output as _covey_v1_SpreadOver__Output } from '../../covey/v1/SpreadOver.ts';

export interface PlacementPreference {
  'spread'?: (_covey_v1_SpreadOver | null);
  'preference'?: "spread";
}

export interface PlacementPreference__Output {
  'spread'?: (_covey_v1_SpreadOver__Output | null);
  'preference'?: "spread";
}
