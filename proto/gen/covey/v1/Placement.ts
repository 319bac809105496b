// Original file: covey/v1/specs.proto

import type { PlacementPreference as _covey_v1_PlacementPreference, PlacementPreference__Output as _covey_v1_PlacementPreference__Output } from '../../covey/v1/PlacementPreference.ts';
import type { Long } from '@grpc/proto-loader';

export interface Placement {
  'constraints'?: (string)[];
  'preferences'?: (_covey_v1_PlacementPreference)[];
  'maxReplicasPerNode'?: (number | string | Long);
}

export interface Placement__Output {
  'constraints': (string)[];
  'preferences': (_covey_v1_PlacementPreference__Output)[];
  'maxReplicasPerNode': (number);
}
