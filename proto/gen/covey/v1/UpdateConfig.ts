// Original file: covey/v1/specs.proto

import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from '../../google/protobuf/Duration.ts';
import type { UpdateFailureAction as _covey_v1_UpdateFailureAction, UpdateFailureAction__Output as _covey_v1_UpdateFailureAction__Output } from '../../covey/v1/UpdateFailureAction.ts';
import type { UpdateOrder as _covey_v1_UpdateOrder, UpdateOrder__Output as _covey_v1_UpdateOrder__Output } from '../../covey/v1/UpdateOrder.ts';
import type { Long } from '@grpc/proto-loader';

export interface UpdateConfig {
  'parallelism'?: (number | string | Long);
  'delay'?: (_google_protobuf_Duration | null);
  'failureAction'?: (_covey_v1_UpdateFailureAction);
  'monitor'?: (_google_protobuf_Duration | null);
  'maxFailureRatio'?: (number | string);
  'order'?: (_covey_v1_UpdateOrder);
}

export interface UpdateConfig__Output {
  'parallelism': (number);
  'delay': (_google_protobuf_Duration__Output | null);
  'failureAction': (_covey_v1_UpdateFailureAction__Output);
  'monitor': (_google_protobuf_Duration__Output | null);
  'maxFailureRatio': (number);
  'order': (_covey_v1_UpdateOrder__Output);
}
