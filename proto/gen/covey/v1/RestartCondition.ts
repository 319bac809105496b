// Original file: covey/v1/specs.proto

export const RestartCondition = {
  RESTART_CONDITION_ANY: 0,
  RESTART_CONDITION_ON_FAILURE: 1,
  RESTART_CONDITION_NONE: 2,
} as const;

export type RestartCondition =
  | 'RESTART_CONDITION_ANY'
  | 0
  | 'RESTART_CONDITION_ON_FAILURE'
  | 1
  | 'RESTART_CONDITION_NONE'
  | 2

export type RestartCondition__Output = typeof RestartCondition[keyof typeof RestartCondition]
