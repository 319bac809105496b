// Original file: covey/v1/specs.proto

export const PublishMode = {
  PUBLISH_MODE_HOST: 0,
  PUBLISH_MODE_INGRESS: 1,
} as const;

export type PublishMode =
  | 'PUBLISH_MODE_HOST'
  | 0
  | 'PUBLISH_MODE_INGRESS'
  | 1

export type PublishMode__Output = typeof PublishMode[keyof typeof PublishMode]
