// Original file: covey/v1/specs.proto

import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from '../../google/protobuf/Duration.ts';

export interface DispatcherConfig {
  'heartbeatPeriod'?: (_google_protobuf_Duration | null);
  'downGrace'?: (_google_protobuf_Duration | null);
}

export interface DispatcherConfig__Output {
  'heartbeatPeriod': (_google_protobuf_Duration__Output | null);
  'downGrace': (_google_protobuf_Duration__Output | null);
}
