// Original file: covey/v1/control.proto

export const EventAction = {
  EVENT_ACTION_UNKNOWN: 0,
  EVENT_ACTION_CREATE: 1,
  EVENT_ACTION_UPDATE: 2,
  EVENT_ACTION_REMOVE: 3,
} as const;

export type EventAction =
  | 'EVENT_ACTION_UNKNOWN'
  | 0
  | 'EVENT_ACTION_CREATE'
  | 1
  | 'EVENT_ACTION_UPDATE'
  | 2
  | 'EVENT_ACTION_REMOVE'
  | 3

export type EventAction__Output = typeof EventAction[keyof typeof EventAction]
