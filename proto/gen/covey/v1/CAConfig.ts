// Original file: covey/v1/specs.proto

import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from '../../google/protobuf/Duration.ts';

export interface CAConfig {
  'nodeCertExpiry'?: (_google_protobuf_Duration | null);
}

export interface CAConfig__Output {
  'nodeCertExpiry': (_google_protobuf_Duration__Output | null);
}
