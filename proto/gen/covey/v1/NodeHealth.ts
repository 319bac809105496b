// Original file: covey/v1/objects.proto

import type { RuntimeHealth as _covey_v1_RuntimeHealth, RuntimeHealth__Output as _covey_v1_RuntimeHealth__Output } from '../../covey/v1/RuntimeHealth.ts';
import type { Long } from '@grpc/proto-loader';

export interface NodeHealth {
  'runtimes'?: (_covey_v1_RuntimeHealth)[];
  'diskFreeBytes'?: (number | string | Long);
  'loadAverage'?: (number | string);
  'message'?: (string);
}

export interface NodeHealth__Output {
  'runtimes': (_covey_v1_RuntimeHealth__Output)[];
  'diskFreeBytes': (number);
  'loadAverage': (number);
  'message': (string);
}
