// Original file: covey/v1/dispatcher.proto

import type { NodeHealth as _covey_v1_NodeHealth, NodeHealth__Output as _covey_v1_NodeHealth__Output } from '../../covey/v1/NodeHealth.ts';
import type { TaskHealthSummary as _covey_v1_TaskHealthSummary, TaskHealthSummary__Output as _covey_v1_TaskHealthSummary__Output } from '../../covey/v1/TaskHealthSummary.ts';
import type { NodeDescription as _covey_v1_NodeDescription, NodeDescription__Output as _covey_v1_NodeDescription__Output } from '../../covey/v1/NodeDescription.ts';

export interface HeartbeatRequest {
  'sessionId'?: (string);
  'health'?: (_covey_v1_NodeHealth | null);
  'tasks'?: (_covey_v1_TaskHealthSummary | null);
  'description'?: (_covey_v1_NodeDescription | null);
}

export interface HeartbeatRequest__Output {
  'sessionId': (string);
  'health': (_covey_v1_NodeHealth__Output | null);
  'tasks': (_covey_v1_TaskHealthSummary__Output | null);
  'description': (_covey_v1_NodeDescription__Output | null);
}
