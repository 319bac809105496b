// Original file: covey/v1/specs.proto

import type { RestartCondition as _covey_v1_RestartCondition, RestartCondition__Output as _covey_v1_RestartCondition__Output } from '../../covey/v1/RestartCondition.ts';
import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from '../../google/protobuf/Duration.ts';
import type { Long } from '@grpc/proto-loader';

export interface RestartPolicy {
  'condition'?: (_covey_v1_RestartCondition);
  'delay'?: (_google_protobuf_Duration | null);
  'maxAttempts'?: (number | string | Long);
  'window'?: (_google_protobuf_Duration | null);
}

export interface RestartPolicy__Output {
  'condition': (_covey_v1_RestartCondition__Output);
  'delay': (_google_protobuf_Duration__Output | null);
  'maxAttempts': (number);
  'window': (_google_protobuf_Duration__Output | null);
}
