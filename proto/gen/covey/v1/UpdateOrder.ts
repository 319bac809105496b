// Original file: covey/v1/specs.proto

export const UpdateOrder = {
  UPDATE_ORDER_STOP_FIRST: 0,
  UPDATE_ORDER_START_FIRST: 1,
} as const;

export type UpdateOrder =
  | 'UPDATE_ORDER_STOP_FIRST'
  | 0
  | 'UPDATE_ORDER_START_FIRST'
  | 1

export type UpdateOrder__Output = typeof UpdateOrder[keyof typeof UpdateOrder]
