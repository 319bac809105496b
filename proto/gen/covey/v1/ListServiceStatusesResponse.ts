// Original file: covey/v1/control.proto

import type { ServiceReplicaStatus as _covey_v1_ServiceReplicaStatus, ServiceReplicaStatus__Output as _covey_v1_ServiceReplicaStatus__Output } from '../../covey/v1/ServiceReplicaStatus.ts';

export interface ListServiceStatusesResponse {
  'statuses'?: (_covey_v1_ServiceReplicaStatus)[];
}

export interface ListServiceStatusesResponse__Output {
  'statuses': (_covey_v1_ServiceReplicaStatus__Output)[];
}
