// Original file: covey/v1/store.proto

import type { StoreAction as _covey_v1_StoreAction, StoreAction__Output as _covey_v1_StoreAction__Output } from '../../covey/v1/StoreAction.ts';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.ts';

export interface StoreBatch {
  'actions'?: (_covey_v1_StoreAction)[];
  'requestId'?: (string);
  'proposedAt'?: (_google_protobuf_Timestamp | null);
}

export interface StoreBatch__Output {
  'actions': (_covey_v1_StoreAction__Output)[];
  'requestId': (string);
  'proposedAt': (_google_protobuf_Timestamp__Output | null);
}
