// Original file: covey/v1/specs.proto

import type { Mount as _covey_v1_Mount, Mount__Output as _covey_v1_Mount__Output } from '../../covey/v1/Mount.ts';
import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from '../../google/protobuf/Duration.ts';
import type { HealthConfig as _covey_v1_HealthConfig, HealthConfig__Output as _covey_v1_HealthConfig__Output } from '../../covey/v1/HealthConfig.ts';

export interface ContainerSpec {
  'image'?: (string);
  'labels'?: ({[key: string]: string});
  'entrypoint'?: (string)[];
  'args'?: (string)[];
  'hostname'?: (string);
  'env'?: (string)[];
  'workdir'?: (string);
  'user'?: (string);
  'readOnly'?: (boolean);
  'mounts'?: (_covey_v1_Mount)[];
  'stopSignal'?: (string);
  'stopGracePeriod'?: (_google_protobuf_Duration | null);
  'healthcheck'?: (_covey_v1_HealthConfig | null);
}

export interface ContainerSpec__Output {
  'image': (string);
  'labels': ({[key: string]: string});
  'entrypoint': (string)[];
  'args': (string)[];
  'hostname': (string);
  'env': (string)[];
  'workdir': (string);
  'user': (string);
  'readOnly': (boolean);
  'mounts': (_covey_v1_Mount__Output)[];
  'stopSignal': (string);
  'stopGracePeriod': (_google_protobuf_Duration__Output | null);
  'healthcheck': (_covey_v1_HealthConfig__Output | null);
}
