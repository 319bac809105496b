// Original file: covey/v1/dispatcher.proto

import type { TaskStatusUpdate as _covey_v1_TaskStatusUpdate, TaskStatusUpdate__Output as _covey_v1_TaskStatusUpdate__Output } from '../../covey/v1/TaskStatusUpdate.ts';

export interface UpdateTaskStatusRequest {
  'sessionId'?: (string);
  'updates'?: (_covey_v1_TaskStatusUpdate)[];
}

export interface UpdateTaskStatusRequest__Output {
  'sessionId': (string);
  'updates': (_covey_v1_TaskStatusUpdate__Output)[];
}
