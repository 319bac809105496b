// Original file: covey/v1/types.proto

export const RuntimeKind = {
  RUNTIME_KIND_UNKNOWN: 0,
  RUNTIME_KIND_DOCKER: 1,
  RUNTIME_KIND_PROCESS: 2,
  RUNTIME_KIND_HOLLOW: 3,
} as const;

export type RuntimeKind =
  | 'RUNTIME_KIND_UNKNOWN'
  | 0
  | 'RUNTIME_KIND_DOCKER'
  | 1
  | 'RUNTIME_KIND_PROCESS'
  | 2
  | 'RUNTIME_KIND_HOLLOW'
  | 3

export type RuntimeKind__Output = typeof RuntimeKind[keyof typeof RuntimeKind]
