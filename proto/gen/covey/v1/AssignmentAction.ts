// Original file: covey/v1/dispatcher.proto

export const AssignmentAction = {
  ASSIGNMENT_ACTION_UPDATE: 0,
  ASSIGNMENT_ACTION_REMOVE: 1,
} as const;

export type AssignmentAction =
  | 'ASSIGNMENT_ACTION_UPDATE'
  | 0
  | 'ASSIGNMENT_ACTION_REMOVE'
  | 1

export type AssignmentAction__Output = typeof AssignmentAction[keyof typeof AssignmentAction]
