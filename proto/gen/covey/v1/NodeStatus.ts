// Original file: covey/v1/objects.proto

import type { NodeState as _covey_v1_NodeState, NodeState__Output as _covey_v1_NodeState__Output } from '../../covey/v1/NodeState.ts';
import type { NodeHealth as _covey_v1_NodeHealth, NodeHealth__Output as _covey_v1_NodeHealth__Output } from '../../covey/v1/NodeHealth.ts';

export interface NodeStatus {
  'state'?: (_covey_v1_NodeState);
  'message'?: (string);
  'addr'?: (string);
  'health'?: (_covey_v1_NodeHealth | null);
}

export interface NodeStatus__Output {
  'state': (_covey_v1_NodeState__Output);
  'message': (string);
  'addr': (string);
  'health': (_covey_v1_NodeHealth__Output | null);
}
