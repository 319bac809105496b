// Original file: covey/v1/dispatcher.proto

import type { AssignmentAction as _covey_v1_AssignmentAction, AssignmentAction__Output as _covey_v1_AssignmentAction__Output } from '../../covey/v1/AssignmentAction.ts';
import type { Assignment as _covey_v1_Assignment, Assignment__Output as _covey_v1_Assignment__Output } from '../../covey/v1/Assignment.ts';

export interface AssignmentChange {
  'action'?: (_covey_v1_AssignmentAction);
  'assignment'?: (_covey_v1_Assignment | null);
}

export interface AssignmentChange__Output {
  'action': (_covey_v1_AssignmentAction__Output);
  'assignment': (_covey_v1_Assignment__Output | null);
}
