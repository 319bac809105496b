// Original file: covey/v1/types.proto

export const TaskHealth = {
  TASK_HEALTH_NONE: 0,
  TASK_HEALTH_STARTING: 1,
  TASK_HEALTH_HEALTHY: 2,
  TASK_HEALTH_UNHEALTHY: 3,
} as const;

export type TaskHealth =
  | 'TASK_HEALTH_NONE'
  | 0
  | 'TASK_HEALTH_STARTING'
  | 1
  | 'TASK_HEALTH_HEALTHY'
  | 2
  | 'TASK_HEALTH_UNHEALTHY'
  | 3

export type TaskHealth__Output = typeof TaskHealth[keyof typeof TaskHealth]
