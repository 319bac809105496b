// Original file: covey/v1/types.proto

export const UpdateState = {
  UPDATE_STATE_UNKNOWN: 0,
  UPDATE_STATE_UPDATING: 1,
  UPDATE_STATE_PAUSED: 2,
  UPDATE_STATE_COMPLETED: 3,
  UPDATE_STATE_ROLLBACK_STARTED: 4,
  UPDATE_STATE_ROLLBACK_PAUSED: 5,
  UPDATE_STATE_ROLLBACK_COMPLETED: 6,
} as const;

export type UpdateState =
  | 'UPDATE_STATE_UNKNOWN'
  | 0
  | 'UPDATE_STATE_UPDATING'
  | 1
  | 'UPDATE_STATE_PAUSED'
  | 2
  | 'UPDATE_STATE_COMPLETED'
  | 3
  | 'UPDATE_STATE_ROLLBACK_STARTED'
  | 4
  | 'UPDATE_STATE_ROLLBACK_PAUSED'
  | 5
  | 'UPDATE_STATE_ROLLBACK_COMPLETED'
  | 6

export type UpdateState__Output = typeof UpdateState[keyof typeof UpdateState]
