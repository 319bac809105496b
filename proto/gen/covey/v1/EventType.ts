// Original file: covey/v1/control.proto

export const EventType = {
  EVENT_TYPE_UNKNOWN: 0,
  EVENT_TYPE_SERVICE: 1,
  EVENT_TYPE_TASK: 2,
  EVENT_TYPE_NODE: 3,
  EVENT_TYPE_CLUSTER: 4,
} as const;

export type EventType =
  | 'EVENT_TYPE_UNKNOWN'
  | 0
  | 'EVENT_TYPE_SERVICE'
  | 1
  | 'EVENT_TYPE_TASK'
  | 2
  | 'EVENT_TYPE_NODE'
  | 3
  | 'EVENT_TYPE_CLUSTER'
  | 4

export type EventType__Output = typeof EventType[keyof typeof EventType]
