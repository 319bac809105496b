// Original file: covey/v1/types.proto

export const NodeRole = {
  NODE_ROLE_WORKER: 0,
  NODE_ROLE_MANAGER: 1,
} as const;

export type NodeRole =
  | 'NODE_ROLE_WORKER'
  | 0
  | 'NODE_ROLE_MANAGER'
  | 1

export type NodeRole__Output = typeof NodeRole[keyof typeof NodeRole]
