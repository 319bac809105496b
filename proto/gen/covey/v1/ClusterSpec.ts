// Original file: covey/v1/specs.proto

import type { Annotations as _covey_v1_Annotations, Annotations__Output as _covey_v1_Annotations__Output } from '../../covey/v1/Annotations.ts';
import type { OrchestrationConfig as _covey_v1_OrchestrationConfig, OrchestrationConfig__Output as _covey_v1_OrchestrationConfig__Output } from '../../covey/v1/OrchestrationConfig.ts';
import type { DispatcherConfig as _covey_v1_DispatcherConfig, DispatcherConfig__Output as _covey_v1_DispatcherConfig__Output } from '../../covey/v1/DispatcherConfig.ts';
import type { CAConfig as _covey_v1_CAConfig, CAConfig__Output as _covey_v1_CAConfig__Output } from '../../covey/v1/CAConfig.ts';
import type { RaftConfig as _covey_v1_RaftConfig, RaftConfig__Output as _covey_v1_RaftConfig__Output } from '../../covey/v1/RaftConfig.ts';

export interface ClusterSpec {
  'annotations'?: (_covey_v1_Annotations | null);
  'orchestration'?: (_covey_v1_OrchestrationConfig | null);
  'dispatcher'?: (_covey_v1_DispatcherConfig | null);
  'caConfig'?: (_covey_v1_CAConfig | null);
  'raft'?: (_covey_v1_RaftConfig | null);
}

export interface ClusterSpec__Output {
  'annotations': (_covey_v1_Annotations__Output | null);
  'orchestration': (_covey_v1_OrchestrationConfig__Output | null);
  'dispatcher': (_covey_v1_DispatcherConfig__Output | null);
  'caConfig': (_covey_v1_CAConfig__Output | null);
  'raft': (_covey_v1_RaftConfig__Output | null);
}
