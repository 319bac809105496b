// Original file: covey/v1/control.proto

import type { TaskState as _covey_v1_TaskState, TaskState__Output as _covey_v1_TaskState__Output } from '../../covey/v1/TaskState.ts';

export interface TaskFilters {
  'serviceIds'?: (string)[];
  'nodeIds'?: (string)[];
  'desiredStates'?: (_covey_v1_TaskState)[];
  'idPrefixes'?: (string)[];
}

export interface TaskFilters__Output {
  'serviceIds': (string)[];
  'nodeIds': (string)[];
  'desiredStates': (_covey_v1_TaskState__Output)[];
  'idPrefixes': (string)[];
}
