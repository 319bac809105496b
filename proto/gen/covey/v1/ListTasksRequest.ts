// Original file: covey/v1/control.proto

import type { TaskFilters as _covey_v1_TaskFilters, TaskFilters__Output as _covey_v1_TaskFilters__Output } from '../../covey/v1/TaskFilters.ts';

export interface ListTasksRequest {
  'filters'?: (_covey_v1_TaskFilters | null);
  'pageSize'?: (number);
  'pageToken'?: (string);
}

export interface ListTasksRequest__Output {
  'filters': (_covey_v1_TaskFilters__Output | null);
  'pageSize': (number);
  'pageToken': (string);
}
