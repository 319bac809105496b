// Original file: covey/v1/specs.proto

import type { ContainerSpec as _covey_v1_ContainerSpec, ContainerSpec__Output as _covey_v1_ContainerSpec__Output } from '../../covey/v1/ContainerSpec.ts';
import type { ProcessSpec as _covey_v1_ProcessSpec, ProcessSpec__Output as _covey_v1_ProcessSpec__Output } from '../../covey/v1/ProcessSpec.ts';
import type { ResourceRequirements as _covey_v1_ResourceRequirements, ResourceRequirements__Output as _covey_v1_ResourceRequirements__Output } from '../../covey/v1/ResourceRequirements.ts';
import type { RestartPolicy as _covey_v1_RestartPolicy, RestartPolicy__Output as _covey_v1_RestartPolicy__Output } from '../../covey/v1/RestartPolicy.ts';
import type { Placement as _covey_v1_Placement, Placement__Output as _covey_v1_Placement__Output } from '../../covey/v1/Placement.ts';
import type { Long } from '@grpc/proto-loader';

export interface TaskSpec {
  'container'?: (_covey_v1_ContainerSpec | null);
  'process'?: (_covey_v1_ProcessSpec | null);
  'resources'?: (_covey_v1_ResourceRequirements | null);
  'restart'?: (_covey_v1_RestartPolicy | null);
  'placement'?: (_covey_v1_Placement | null);
  'forceUpdate'?: (number | string | Long);
  'runtime'?: "container"|"process";
}

export interface TaskSpec__Output {
  'container'?: (_covey_v1_ContainerSpec__Output | null);
  'process'?: (_covey_v1_ProcessSpec__Output | null);
  'resources': (_covey_v1_ResourceRequirements__Output | null);
  'restart': (_covey_v1_RestartPolicy__Output | null);
  'placement': (_covey_v1_Placement__Output | null);
  'forceUpdate': (number);
  'runtime'?: "container"|"process";
}
