// Original file: covey/v1/specs.proto

import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from '../../google/protobuf/Duration.ts';
import type { HealthConfig as _covey_v1_HealthConfig, HealthConfig__Output as _covey_v1_HealthConfig__Output } from '../../covey/v1/HealthConfig.ts';

export interface ProcessSpec {
  'command'?: (string);
  'args'?: (string)[];
  'env'?: (string)[];
  'workdir'?: (string);
  'user'?: (string);
  'stopSignal'?: (string);
  'stopGracePeriod'?: (_google_protobuf_Duration | null);
  'healthcheck'?: (_covey_v1_HealthConfig | null);
}

export interface ProcessSpec__Output {
  'command': (string);
  'args': (string)[];
  'env': (string)[];
  'workdir': (string);
  'user': (string);
  'stopSignal': (string);
  'stopGracePeriod': (_google_protobuf_Duration__Output | null);
  'healthcheck': (_covey_v1_HealthConfig__Output | null);
}
