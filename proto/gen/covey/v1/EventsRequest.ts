// Original file: covey/v1/control.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.ts';
import type { EventType as _covey_v1_EventType, EventType__Output as _covey_v1_EventType__Output } from '../../covey/v1/EventType.ts';
import type { EventAction as _covey_v1_EventAction, EventAction__Output as _covey_v1_EventAction__Output } from '../../covey/v1/EventAction.ts';

export interface EventsRequest {
  'since'?: (_google_protobuf_Timestamp | null);
  'until'?: (_google_protobuf_Timestamp | null);
  'types'?: (_covey_v1_EventType)[];
  'actions'?: (_covey_v1_EventAction)[];
  'serviceIds'?: (string)[];
  'nodeIds'?: (string)[];
  'includeObjects'?: (boolean);
}

export interface EventsRequest__Output {
  'since': (_google_protobuf_Timestamp__Output | null);
  'until': (_google_protobuf_Timestamp__Output | null);
  'types': (_covey_v1_EventType__Output)[];
  'actions': (_covey_v1_EventAction__Output)[];
  'serviceIds': (string)[];
  'nodeIds': (string)[];
  'includeObjects': (boolean);
}
