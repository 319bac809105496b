// Original file: covey/v1/specs.proto

import type { Long } from '@grpc/proto-loader';

export interface ReplicatedService {
  'replicas'?: (number | string | Long);
}

export interface ReplicatedService__Output {
  'replicas': (number);
}
