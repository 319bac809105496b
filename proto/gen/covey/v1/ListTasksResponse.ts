// Original file: covey/v1/control.proto

import type { Task as _covey_v1_Task, Task__Output as _covey_v1_Task__Output } from '../../covey/v1/Task.ts';

export interface ListTasksResponse {
  'tasks'?: (_covey_v1_Task)[];
  'nextPageToken'?: (string);
}

export interface ListTasksResponse__Output {
  'tasks': (_covey_v1_Task__Output)[];
  'nextPageToken': (string);
}
