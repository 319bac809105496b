// Original file: covey/v1/control.proto

import type { Task as _covey_v1_Task, Task__Output as _covey_v1_Task__Output } from '../../covey/v1/Task.ts';

export interface GetTaskResponse {
  'task'?: (_covey_v1_Task | null);
}

export interface GetTaskResponse__Output {
  'task': (_covey_v1_Task__Output | null);
}
