// Original file: covey/v1/dispatcher.proto

import type { NodeDescription as _covey_v1_NodeDescription, NodeDescription__Output as _covey_v1_NodeDescription__Output } from '../../covey/v1/NodeDescription.ts';

export interface SessionRequest {
  'description'?: (_covey_v1_NodeDescription | null);
  'sessionId'?: (string);
}

export interface SessionRequest__Output {
  'description': (_covey_v1_NodeDescription__Output | null);
  'sessionId': (string);
}
