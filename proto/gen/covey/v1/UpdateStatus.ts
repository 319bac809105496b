// Original file: covey/v1/objects.proto

import type { UpdateState as _covey_v1_UpdateState, UpdateState__Output as _covey_v1_UpdateState__Output } from '../../covey/v1/UpdateState.ts';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.ts';

export interface UpdateStatus {
  'state'?: (_covey_v1_UpdateState);
  'startedAt'?: (_google_protobuf_Timestamp | null);
  'completedAt'?: (_google_protobuf_Timestamp | null);
  'message'?: (string);
}

export interface UpdateStatus__Output {
  'state': (_covey_v1_UpdateState__Output);
  'startedAt': (_google_protobuf_Timestamp__Output | null);
  'completedAt': (_google_protobuf_Timestamp__Output | null);
  'message': (string);
}
