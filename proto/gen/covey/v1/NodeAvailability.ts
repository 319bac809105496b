// Original file: covey/v1/types.proto

export const NodeAvailability = {
  NODE_AVAILABILITY_ACTIVE: 0,
  NODE_AVAILABILITY_PAUSE: 1,
  NODE_AVAILABILITY_DRAIN: 2,
} as const;

export type NodeAvailability =
  | 'NODE_AVAILABILITY_ACTIVE'
  | 0
  | 'NODE_AVAILABILITY_PAUSE'
  | 1
  | 'NODE_AVAILABILITY_DRAIN'
  | 2

export type NodeAvailability__Output = typeof NodeAvailability[keyof typeof NodeAvailability]
