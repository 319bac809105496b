// Original file: covey/v1/dispatcher.proto

export const AssignmentsType = {
  ASSIGNMENTS_TYPE_COMPLETE: 0,
  ASSIGNMENTS_TYPE_INCREMENTAL: 1,
} as const;

export type AssignmentsType =
  | 'ASSIGNMENTS_TYPE_COMPLETE'
  | 0
  | 'ASSIGNMENTS_TYPE_INCREMENTAL'
  | 1

export type AssignmentsType__Output = typeof AssignmentsType[keyof typeof AssignmentsType]
