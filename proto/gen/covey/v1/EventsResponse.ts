// Original file: covey/v1/control.proto

import type { ClusterEvent as _covey_v1_ClusterEvent, ClusterEvent__Output as _covey_v1_ClusterEvent__Output } from '../../covey/v1/ClusterEvent.ts';

export interface EventsResponse {
  'events'?: (_covey_v1_ClusterEvent)[];
}

export interface EventsResponse__Output {
  'events': (_covey_v1_ClusterEvent__Output)[];
}
