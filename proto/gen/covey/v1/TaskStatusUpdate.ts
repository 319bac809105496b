// Original file: covey/v1/dispatcher.proto

import type { TaskStatus as _covey_v1_TaskStatus, TaskStatus__Output as _covey_v1_TaskStatus__Output } from '../../covey/v1/TaskStatus.ts';

export interface TaskStatusUpdate {
  'taskId'?: (string);
  'status'?: (_covey_v1_TaskStatus | null);
}

export interface TaskStatusUpdate__Output {
  'taskId': (string);
  'status': (_covey_v1_TaskStatus__Output | null);
}
