// Original file: covey/v1/specs.proto

export const UpdateFailureAction = {
  UPDATE_FAILURE_ACTION_PAUSE: 0,
  UPDATE_FAILURE_ACTION_CONTINUE: 1,
  UPDATE_FAILURE_ACTION_ROLLBACK: 2,
} as const;

export type UpdateFailureAction =
  | 'UPDATE_FAILURE_ACTION_PAUSE'
  | 0
  | 'UPDATE_FAILURE_ACTION_CONTINUE'
  | 1
  | 'UPDATE_FAILURE_ACTION_ROLLBACK'
  | 2

export type UpdateFailureAction__Output = typeof UpdateFailureAction[keyof typeof UpdateFailureAction]
