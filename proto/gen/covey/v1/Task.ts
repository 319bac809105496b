// Original file: covey/v1/objects.proto

import type { Meta as _covey_v1_Meta, Meta__Output as _covey_v1_Meta__Output } from '../../covey/v1/Meta.ts';
import type { TaskSpec as _covey_v1_TaskSpec, TaskSpec__Output as _covey_v1_TaskSpec__Output } from '../../covey/v1/TaskSpec.ts';
import type { Annotations as _covey_v1_Annotations, Annotations__Output as _covey_v1_Annotations__Output } from '../../covey/v1/Annotations.ts';
import type { RuntimeKind as _covey_v1_RuntimeKind, RuntimeKind__Output as _covey_v1_RuntimeKind__Output } from '../../covey/v1/RuntimeKind.ts';
import type { TaskState as _covey_v1_TaskState, TaskState__Output as _covey_v1_TaskState__Output } from '../../covey/v1/TaskState.ts';
import type { TaskStatus as _covey_v1_TaskStatus, TaskStatus__Output as _covey_v1_TaskStatus__Output } from '../../covey/v1/TaskStatus.ts';
import type { Endpoint as _covey_v1_Endpoint, Endpoint__Output as _covey_v1_Endpoint__Output } from '../../covey/v1/Endpoint.ts';
import type { Long } from '@grpc/proto-loader';

export interface Task {
  'id'?: (string);
  'meta'?: (_covey_v1_Meta | null);
  'spec'?: (_covey_v1_TaskSpec | null);
  'specVersion'?: (number | string | Long);
  'serviceId'?: (string);
  'slot'?: (number | string | Long);
  'nodeId'?: (string);
  'serviceAnnotations'?: (_covey_v1_Annotations | null);
  'runtime'?: (_covey_v1_RuntimeKind);
  'desiredState'?: (_covey_v1_TaskState);
  'status'?: (_covey_v1_TaskStatus | null);
  'endpoint'?: (_covey_v1_Endpoint | null);
}

export interface Task__Output {
  'id': (string);
  'meta': (_covey_v1_Meta__Output | null);
  'spec': (_covey_v1_TaskSpec__Output | null);
  'specVersion': (number);
  'serviceId': (string);
  'slot': (number);
  'nodeId': (string);
  'serviceAnnotations': (_covey_v1_Annotations__Output | null);
  'runtime': (_covey_v1_RuntimeKind__Output);
  'desiredState': (_covey_v1_TaskState__Output);
  'status': (_covey_v1_TaskStatus__Output | null);
  'endpoint': (_covey_v1_Endpoint__Output | null);
}
