// Original file: covey/v1/control.proto

import type { Long } from '@grpc/proto-loader';

export interface ServiceReplicaStatus {
  'serviceId'?: (string);
  'desiredTasks'?: (number | string | Long);
  'runningTasks'?: (number | string | Long);
}

export interface ServiceReplicaStatus__Output {
  'serviceId': (string);
  'desiredTasks': (number);
  'runningTasks': (number);
}
