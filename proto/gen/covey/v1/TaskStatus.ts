// Original file: covey/v1/objects.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.ts';
import type { TaskState as _covey_v1_TaskState, TaskState__Output as _covey_v1_TaskState__Output } from '../../covey/v1/TaskState.ts';
import type { ContainerStatus as _covey_v1_ContainerStatus, ContainerStatus__Output as _covey_v1_ContainerStatus__Output } from '../../covey/v1/ContainerStatus.ts';
import type { ProcessStatus as _covey_v1_ProcessStatus, ProcessStatus__Output as _covey_v1_ProcessStatus__Output } from '../../covey/v1/ProcessStatus.ts';
import type { PortStatus as _covey_v1_PortStatus, PortStatus__Output as _covey_v1_PortStatus__Output } from '../../covey/v1/PortStatus.ts';
import type { TaskHealth as _covey_v1_TaskHealth, TaskHealth__Output as _covey_v1_TaskHealth__Output } from '../../covey/v1/TaskHealth.ts';

export interface TaskStatus {
  'timestamp'?: (_google_protobuf_Timestamp | null);
  'state'?: (_covey_v1_TaskState);
  'message'?: (string);
  'err'?: (string);
  'containerStatus'?: (_covey_v1_ContainerStatus | null);
  'processStatus'?: (_covey_v1_ProcessStatus | null);
  'portStatus'?: (_covey_v1_PortStatus | null);
  'health'?: (_covey_v1_TaskHealth);
  'startedAt'?: (_google_protobuf_Timestamp | null);
  'runtimeStatus'?: "containerStatus"|"processStatus";
}

export interface TaskStatus__Output {
  'timestamp': (_google_protobuf_Timestamp__Output | null);
  'state': (_covey_v1_TaskState__Output);
  'message': (string);
  'err': (string);
  'containerStatus'?: (_covey_v1_ContainerStatus__Output | null);
  'processStatus'?: (_covey_v1_ProcessStatus__Output | null);
  'portStatus': (_covey_v1_PortStatus__Output | null);
  'health': (_covey_v1_TaskHealth__Output);
  'startedAt': (_google_protobuf_Timestamp__Output | null);
  'runtimeStatus'?: "containerStatus"|"processStatus";
}
