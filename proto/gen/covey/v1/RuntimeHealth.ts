// Original file: covey/v1/objects.proto

import type { RuntimeKind as _covey_v1_RuntimeKind, RuntimeKind__Output as _covey_v1_RuntimeKind__Output } from '../../covey/v1/RuntimeKind.ts';

export interface RuntimeHealth {
  'runtime'?: (_covey_v1_RuntimeKind);
  'available'?: (boolean);
  'message'?: (string);
}

export interface RuntimeHealth__Output {
  'runtime': (_covey_v1_RuntimeKind__Output);
  'available': (boolean);
  'message': (string);
}
