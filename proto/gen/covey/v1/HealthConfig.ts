// Original file: covey/v1/specs.proto

import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from '../../google/protobuf/Duration.ts';

export interface HealthConfig {
  'test'?: (string)[];
  'interval'?: (_google_protobuf_Duration | null);
  'timeout'?: (_google_protobuf_Duration | null);
  'retries'?: (number);
  'startPeriod'?: (_google_protobuf_Duration | null);
  'startInterval'?: (_google_protobuf_Duration | null);
}

export interface HealthConfig__Output {
  'test': (string)[];
  'interval': (_google_protobuf_Duration__Output | null);
  'timeout': (_google_protobuf_Duration__Output | null);
  'retries': (number);
  'startPeriod': (_google_protobuf_Duration__Output | null);
  'startInterval': (_google_protobuf_Duration__Output | null);
}
