// Original file: covey/v1/dispatcher.proto

import type { AssignmentsType as _covey_v1_AssignmentsType, AssignmentsType__Output as _covey_v1_AssignmentsType__Output } from '../../covey/v1/AssignmentsType.ts';
import type { AssignmentChange as _covey_v1_AssignmentChange, AssignmentChange__Output as _covey_v1_AssignmentChange__Output } from '../../covey/v1/AssignmentChange.ts';

export interface AssignmentsMessage {
  'type'?: (_covey_v1_AssignmentsType);
  'appliesTo'?: (string);
  'resultsIn'?: (string);
  'changes'?: (_covey_v1_AssignmentChange)[];
  'more'?: (boolean);
}

export interface AssignmentsMessage__Output {
  'type': (_covey_v1_AssignmentsType__Output);
  'appliesTo': (string);
  'resultsIn': (string);
  'changes': (_covey_v1_AssignmentChange__Output)[];
  'more': (boolean);
}
