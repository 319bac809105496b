// Original file: covey/v1/specs.proto

import type { Annotations as _covey_v1_Annotations, Annotations__Output as _covey_v1_Annotations__Output } from '../../covey/v1/Annotations.ts';
import type { TaskSpec as _covey_v1_TaskSpec, TaskSpec__Output as _covey_v1_TaskSpec__Output } from '../../covey/v1/TaskSpec.ts';
import type { ReplicatedService as _covey_v1_ReplicatedService, ReplicatedService__Output as _covey_v1_ReplicatedService__Output } from '../../covey/v1/ReplicatedService.ts';
import type { GlobalService as _covey_v1_GlobalService, GlobalService__Output as _covey_v1_GlobalService__Output } from '../../covey/v1/GlobalService.ts';
import type { UpdateConfig as _covey_v1_UpdateConfig, UpdateConfig__Output as _covey_v1_UpdateConfig__Output } from '../../covey/v1/UpdateConfig.ts';
import type { EndpointSpec as _covey_v1_EndpointSpec, EndpointSpec__Output as _covey_v1_EndpointSpec__Output } from '../../covey/v1/EndpointSpec.ts';

export interface ServiceSpec {
  'annotations'?: (_covey_v1_Annotations | null);
  'task'?: (_covey_v1_TaskSpec | null);
  'replicated'?: (_covey_v1_ReplicatedService | null);
  'global'?: (_covey_v1_GlobalService | null);
  'updateConfig'?: (_covey_v1_UpdateConfig | null);
  'rollbackConfig'?: (_covey_v1_UpdateConfig | null);
  'endpoint'?: (_covey_v1_EndpointSpec | null);
  'mode'?: "replicated"|"global";
}

export interface ServiceSpec__Output {
  'annotations': (_covey_v1_Annotations__Output | null);
  'task': (_covey_v1_TaskSpec__Output | null);
  'replicated'?: (_covey_v1_ReplicatedService__Output | null);
  'global'?: (_covey_v1_GlobalService__Output | null);
  'updateConfig': (_covey_v1_UpdateConfig__Output | null);
  'rollbackConfig': (_covey_v1_UpdateConfig__Output | null);
  'endpoint': (_covey_v1_EndpointSpec__Output | null);
  'mode'?: "replicated"|"global";
}
