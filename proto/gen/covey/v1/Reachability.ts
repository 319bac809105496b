// Original file: covey/v1/types.proto

export const Reachability = {
  REACHABILITY_UNKNOWN: 0,
  REACHABILITY_UNREACHABLE: 1,
  REACHABILITY_REACHABLE: 2,
} as const;

export type Reachability =
  | 'REACHABILITY_UNKNOWN'
  | 0
  | 'REACHABILITY_UNREACHABLE'
  | 1
  | 'REACHABILITY_REACHABLE'
  | 2

export type Reachability__Output = typeof Reachability[keyof typeof Reachability]
