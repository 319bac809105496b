// Original file: covey/v1/types.proto

export const NodeState = {
  NODE_STATE_UNKNOWN: 0,
  NODE_STATE_DOWN: 1,
  NODE_STATE_READY: 2,
  NODE_STATE_DISCONNECTED: 3,
} as const;

export type NodeState =
  | 'NODE_STATE_UNKNOWN'
  | 0
  | 'NODE_STATE_DOWN'
  | 1
  | 'NODE_STATE_READY'
  | 2
  | 'NODE_STATE_DISCONNECTED'
  | 3

export type NodeState__Output = typeof NodeState[keyof typeof NodeState]
