// Original file: covey/v1/specs.proto

export const MountType = {
  MOUNT_TYPE_BIND: 0,
  MOUNT_TYPE_VOLUME: 1,
  MOUNT_TYPE_TMPFS: 2,
} as const;

export type MountType =
  | 'MOUNT_TYPE_BIND'
  | 0
  | 'MOUNT_TYPE_VOLUME'
  | 1
  | 'MOUNT_TYPE_TMPFS'
  | 2

export type MountType__Output = typeof MountType[keyof typeof MountType]
