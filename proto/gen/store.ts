import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Annotations as _covey_v1_Annotations, Annotations__Output as _covey_v1_Annotations__Output } from './covey/v1/Annotations.ts';
import type { CAConfig as _covey_v1_CAConfig, CAConfig__Output as _covey_v1_CAConfig__Output } from './covey/v1/CAConfig.ts';
import type { CertificateInfo as _covey_v1_CertificateInfo, CertificateInfo__Output as _covey_v1_CertificateInfo__Output } from './covey/v1/CertificateInfo.ts';
import type { Cluster as _covey_v1_Cluster, Cluster__Output as _covey_v1_Cluster__Output } from './covey/v1/Cluster.ts';
import type { ClusterSpec as _covey_v1_ClusterSpec, ClusterSpec__Output as _covey_v1_ClusterSpec__Output } from './covey/v1/ClusterSpec.ts';
import type { Config as _covey_v1_Config, Config__Output as _covey_v1_Config__Output } from './covey/v1/Config.ts';
import type { ConfigSpec as _covey_v1_ConfigSpec, ConfigSpec__Output as _covey_v1_ConfigSpec__Output } from './covey/v1/ConfigSpec.ts';
import type { ContainerSpec as _covey_v1_ContainerSpec, ContainerSpec__Output as _covey_v1_ContainerSpec__Output } from './covey/v1/ContainerSpec.ts';
import type { ContainerStatus as _covey_v1_ContainerStatus, ContainerStatus__Output as _covey_v1_ContainerStatus__Output } from './covey/v1/ContainerStatus.ts';
import type { DispatcherConfig as _covey_v1_DispatcherConfig, DispatcherConfig__Output as _covey_v1_DispatcherConfig__Output } from './covey/v1/DispatcherConfig.ts';
import type { Endpoint as _covey_v1_Endpoint, Endpoint__Output as _covey_v1_Endpoint__Output } from './covey/v1/Endpoint.ts';
import type { EndpointSpec as _covey_v1_EndpointSpec, EndpointSpec__Output as _covey_v1_EndpointSpec__Output } from './covey/v1/EndpointSpec.ts';
import type { EngineDescription as _covey_v1_EngineDescription, EngineDescription__Output as _covey_v1_EngineDescription__Output } from './covey/v1/EngineDescription.ts';
import type { GlobalService as _covey_v1_GlobalService, GlobalService__Output as _covey_v1_GlobalService__Output } from './covey/v1/GlobalService.ts';
import type { HealthConfig as _covey_v1_HealthConfig, HealthConfig__Output as _covey_v1_HealthConfig__Output } from './covey/v1/HealthConfig.ts';
import type { JoinTokens as _covey_v1_JoinTokens, JoinTokens__Output as _covey_v1_JoinTokens__Output } from './covey/v1/JoinTokens.ts';
import type { LogContext as _covey_v1_LogContext, LogContext__Output as _covey_v1_LogContext__Output } from './covey/v1/LogContext.ts';
import type { LogMessage as _covey_v1_LogMessage, LogMessage__Output as _covey_v1_LogMessage__Output } from './covey/v1/LogMessage.ts';
import type { ManagerStatus as _covey_v1_ManagerStatus, ManagerStatus__Output as _covey_v1_ManagerStatus__Output } from './covey/v1/ManagerStatus.ts';
import type { Meta as _covey_v1_Meta, Meta__Output as _covey_v1_Meta__Output } from './covey/v1/Meta.ts';
import type { Mount as _covey_v1_Mount, Mount__Output as _covey_v1_Mount__Output } from './covey/v1/Mount.ts';
import type { Node as _covey_v1_Node, Node__Output as _covey_v1_Node__Output } from './covey/v1/Node.ts';
import type { NodeDescription as _covey_v1_NodeDescription, NodeDescription__Output as _covey_v1_NodeDescription__Output } from './covey/v1/NodeDescription.ts';
import type { NodeHealth as _covey_v1_NodeHealth, NodeHealth__Output as _covey_v1_NodeHealth__Output } from './covey/v1/NodeHealth.ts';
import type { NodeSpec as _covey_v1_NodeSpec, NodeSpec__Output as _covey_v1_NodeSpec__Output } from './covey/v1/NodeSpec.ts';
import type { NodeStatus as _covey_v1_NodeStatus, NodeStatus__Output as _covey_v1_NodeStatus__Output } from './covey/v1/NodeStatus.ts';
import type { OrchestrationConfig as _covey_v1_OrchestrationConfig, OrchestrationConfig__Output as _covey_v1_OrchestrationConfig__Output } from './covey/v1/OrchestrationConfig.ts';
import type { Placement as _covey_v1_Placement, Placement__Output as _covey_v1_Placement__Output } from './covey/v1/Placement.ts';
import type { PlacementPreference as _covey_v1_PlacementPreference, PlacementPreference__Output as _covey_v1_PlacementPreference__Output } from './covey/v1/PlacementPreference.ts';
import type { Platform as _covey_v1_Platform, Platform__Output as _covey_v1_Platform__Output } from './covey/v1/Platform.ts';
import type { PortConfig as _covey_v1_PortConfig, PortConfig__Output as _covey_v1_PortConfig__Output } from './covey/v1/PortConfig.ts';
import type { PortStatus as _covey_v1_PortStatus, PortStatus__Output as _covey_v1_PortStatus__Output } from './covey/v1/PortStatus.ts';
import type { ProcessSpec as _covey_v1_ProcessSpec, ProcessSpec__Output as _covey_v1_ProcessSpec__Output } from './covey/v1/ProcessSpec.ts';
import type { ProcessStatus as _covey_v1_ProcessStatus, ProcessStatus__Output as _covey_v1_ProcessStatus__Output } from './covey/v1/ProcessStatus.ts';
import type { RaftConfig as _covey_v1_RaftConfig, RaftConfig__Output as _covey_v1_RaftConfig__Output } from './covey/v1/RaftConfig.ts';
import type { ReplicatedService as _covey_v1_ReplicatedService, ReplicatedService__Output as _covey_v1_ReplicatedService__Output } from './covey/v1/ReplicatedService.ts';
import type { ResourceRequirements as _covey_v1_ResourceRequirements, ResourceRequirements__Output as _covey_v1_ResourceRequirements__Output } from './covey/v1/ResourceRequirements.ts';
import type { Resources as _covey_v1_Resources, Resources__Output as _covey_v1_Resources__Output } from './covey/v1/Resources.ts';
import type { RestartPolicy as _covey_v1_RestartPolicy, RestartPolicy__Output as _covey_v1_RestartPolicy__Output } from './covey/v1/RestartPolicy.ts';
import type { RootCA as _covey_v1_RootCA, RootCA__Output as _covey_v1_RootCA__Output } from './covey/v1/RootCA.ts';
import type { RuntimeHealth as _covey_v1_RuntimeHealth, RuntimeHealth__Output as _covey_v1_RuntimeHealth__Output } from './covey/v1/RuntimeHealth.ts';
import type { Secret as _covey_v1_Secret, Secret__Output as _covey_v1_Secret__Output } from './covey/v1/Secret.ts';
import type { SecretSpec as _covey_v1_SecretSpec, SecretSpec__Output as _covey_v1_SecretSpec__Output } from './covey/v1/SecretSpec.ts';
import type { Service as _covey_v1_Service, Service__Output as _covey_v1_Service__Output } from './covey/v1/Service.ts';
import type { ServiceSpec as _covey_v1_ServiceSpec, ServiceSpec__Output as _covey_v1_ServiceSpec__Output } from './covey/v1/ServiceSpec.ts';
import type { SpreadOver as _covey_v1_SpreadOver, SpreadOver__Output as _covey_v1_SpreadOver__Output } from './covey/v1/SpreadOver.ts';
import type { StoreAction as _covey_v1_StoreAction, StoreAction__Output as _covey_v1_StoreAction__Output } from './covey/v1/StoreAction.ts';
import type { StoreBatch as _covey_v1_StoreBatch, StoreBatch__Output as _covey_v1_StoreBatch__Output } from './covey/v1/StoreBatch.ts';
import type { StoreSnapshot as _covey_v1_StoreSnapshot, StoreSnapshot__Output as _covey_v1_StoreSnapshot__Output } from './covey/v1/StoreSnapshot.ts';
import type { Task as _covey_v1_Task, Task__Output as _covey_v1_Task__Output } from './covey/v1/Task.ts';
import type { TaskSpec as _covey_v1_TaskSpec, TaskSpec__Output as _covey_v1_TaskSpec__Output } from './covey/v1/TaskSpec.ts';
import type { TaskStatus as _covey_v1_TaskStatus, TaskStatus__Output as _covey_v1_TaskStatus__Output } from './covey/v1/TaskStatus.ts';
import type { TmpfsOptions as _covey_v1_TmpfsOptions, TmpfsOptions__Output as _covey_v1_TmpfsOptions__Output } from './covey/v1/TmpfsOptions.ts';
import type { UpdateConfig as _covey_v1_UpdateConfig, UpdateConfig__Output as _covey_v1_UpdateConfig__Output } from './covey/v1/UpdateConfig.ts';
import type { UpdateStatus as _covey_v1_UpdateStatus, UpdateStatus__Output as _covey_v1_UpdateStatus__Output } from './covey/v1/UpdateStatus.ts';
import type { VolumeOptions as _covey_v1_VolumeOptions, VolumeOptions__Output as _covey_v1_VolumeOptions__Output } from './covey/v1/VolumeOptions.ts';
import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from './google/protobuf/Duration.ts';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp.ts';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  covey: {
    v1: {
      Annotations: MessageTypeDefinition<_covey_v1_Annotations, _covey_v1_Annotations__Output>
      CAConfig: MessageTypeDefinition<_covey_v1_CAConfig, _covey_v1_CAConfig__Output>
      CertificateInfo: MessageTypeDefinition<_covey_v1_CertificateInfo, _covey_v1_CertificateInfo__Output>
      Cluster: MessageTypeDefinition<_covey_v1_Cluster, _covey_v1_Cluster__Output>
      ClusterSpec: MessageTypeDefinition<_covey_v1_ClusterSpec, _covey_v1_ClusterSpec__Output>
      Config: MessageTypeDefinition<_covey_v1_Config, _covey_v1_Config__Output>
      ConfigSpec: MessageTypeDefinition<_covey_v1_ConfigSpec, _covey_v1_ConfigSpec__Output>
      ContainerSpec: MessageTypeDefinition<_covey_v1_ContainerSpec, _covey_v1_ContainerSpec__Output>
      ContainerStatus: MessageTypeDefinition<_covey_v1_ContainerStatus, _covey_v1_ContainerStatus__Output>
      DispatcherConfig: MessageTypeDefinition<_covey_v1_DispatcherConfig, _covey_v1_DispatcherConfig__Output>
      Endpoint: MessageTypeDefinition<_covey_v1_Endpoint, _covey_v1_Endpoint__Output>
      EndpointSpec: MessageTypeDefinition<_covey_v1_EndpointSpec, _covey_v1_EndpointSpec__Output>
      EngineDescription: MessageTypeDefinition<_covey_v1_EngineDescription, _covey_v1_EngineDescription__Output>
      GlobalService: MessageTypeDefinition<_covey_v1_GlobalService, _covey_v1_GlobalService__Output>
      HealthConfig: MessageTypeDefinition<_covey_v1_HealthConfig, _covey_v1_HealthConfig__Output>
      JoinTokens: MessageTypeDefinition<_covey_v1_JoinTokens, _covey_v1_JoinTokens__Output>
      LogContext: MessageTypeDefinition<_covey_v1_LogContext, _covey_v1_LogContext__Output>
      LogMessage: MessageTypeDefinition<_covey_v1_LogMessage, _covey_v1_LogMessage__Output>
      LogStream: EnumTypeDefinition
      ManagerStatus: MessageTypeDefinition<_covey_v1_ManagerStatus, _covey_v1_ManagerStatus__Output>
      Meta: MessageTypeDefinition<_covey_v1_Meta, _covey_v1_Meta__Output>
      Mount: MessageTypeDefinition<_covey_v1_Mount, _covey_v1_Mount__Output>
      MountType: EnumTypeDefinition
      Node: MessageTypeDefinition<_covey_v1_Node, _covey_v1_Node__Output>
      NodeAvailability: EnumTypeDefinition
      NodeDescription: MessageTypeDefinition<_covey_v1_NodeDescription, _covey_v1_NodeDescription__Output>
      NodeHealth: MessageTypeDefinition<_covey_v1_NodeHealth, _covey_v1_NodeHealth__Output>
      NodeRole: EnumTypeDefinition
      NodeSpec: MessageTypeDefinition<_covey_v1_NodeSpec, _covey_v1_NodeSpec__Output>
      NodeState: EnumTypeDefinition
      NodeStatus: MessageTypeDefinition<_covey_v1_NodeStatus, _covey_v1_NodeStatus__Output>
      OrchestrationConfig: MessageTypeDefinition<_covey_v1_OrchestrationConfig, _covey_v1_OrchestrationConfig__Output>
      Placement: MessageTypeDefinition<_covey_v1_Placement, _covey_v1_Placement__Output>
      PlacementPreference: MessageTypeDefinition<_covey_v1_PlacementPreference, _covey_v1_PlacementPreference__Output>
      Platform: MessageTypeDefinition<_covey_v1_Platform, _covey_v1_Platform__Output>
      PortConfig: MessageTypeDefinition<_covey_v1_PortConfig, _covey_v1_PortConfig__Output>
      PortProtocol: EnumTypeDefinition
      PortStatus: MessageTypeDefinition<_covey_v1_PortStatus, _covey_v1_PortStatus__Output>
      ProcessSpec: MessageTypeDefinition<_covey_v1_ProcessSpec, _covey_v1_ProcessSpec__Output>
      ProcessStatus: MessageTypeDefinition<_covey_v1_ProcessStatus, _covey_v1_ProcessStatus__Output>
      PublishMode: EnumTypeDefinition
      RaftConfig: MessageTypeDefinition<_covey_v1_RaftConfig, _covey_v1_RaftConfig__Output>
      Reachability: EnumTypeDefinition
      ReplicatedService: MessageTypeDefinition<_covey_v1_ReplicatedService, _covey_v1_ReplicatedService__Output>
      ResourceRequirements: MessageTypeDefinition<_covey_v1_ResourceRequirements, _covey_v1_ResourceRequirements__Output>
      Resources: MessageTypeDefinition<_covey_v1_Resources, _covey_v1_Resources__Output>
      RestartCondition: EnumTypeDefinition
      RestartPolicy: MessageTypeDefinition<_covey_v1_RestartPolicy, _covey_v1_RestartPolicy__Output>
      RootCA: MessageTypeDefinition<_covey_v1_RootCA, _covey_v1_RootCA__Output>
      RuntimeHealth: MessageTypeDefinition<_covey_v1_RuntimeHealth, _covey_v1_RuntimeHealth__Output>
      RuntimeKind: EnumTypeDefinition
      Secret: MessageTypeDefinition<_covey_v1_Secret, _covey_v1_Secret__Output>
      SecretSpec: MessageTypeDefinition<_covey_v1_SecretSpec, _covey_v1_SecretSpec__Output>
      Service: MessageTypeDefinition<_covey_v1_Service, _covey_v1_Service__Output>
      ServiceSpec: MessageTypeDefinition<_covey_v1_ServiceSpec, _covey_v1_ServiceSpec__Output>
      SpreadOver: MessageTypeDefinition<_covey_v1_SpreadOver, _covey_v1_SpreadOver__Output>
      StoreAction: MessageTypeDefinition<_covey_v1_StoreAction, _covey_v1_StoreAction__Output>
      StoreBatch: MessageTypeDefinition<_covey_v1_StoreBatch, _covey_v1_StoreBatch__Output>
      StoreSnapshot: MessageTypeDefinition<_covey_v1_StoreSnapshot, _covey_v1_StoreSnapshot__Output>
      Task: MessageTypeDefinition<_covey_v1_Task, _covey_v1_Task__Output>
      TaskHealth: EnumTypeDefinition
      TaskSpec: MessageTypeDefinition<_covey_v1_TaskSpec, _covey_v1_TaskSpec__Output>
      TaskState: EnumTypeDefinition
      TaskStatus: MessageTypeDefinition<_covey_v1_TaskStatus, _covey_v1_TaskStatus__Output>
      TmpfsOptions: MessageTypeDefinition<_covey_v1_TmpfsOptions, _covey_v1_TmpfsOptions__Output>
      UpdateConfig: MessageTypeDefinition<_covey_v1_UpdateConfig, _covey_v1_UpdateConfig__Output>
      UpdateFailureAction: EnumTypeDefinition
      UpdateOrder: EnumTypeDefinition
      UpdateState: EnumTypeDefinition
      UpdateStatus: MessageTypeDefinition<_covey_v1_UpdateStatus, _covey_v1_UpdateStatus__Output>
      VolumeOptions: MessageTypeDefinition<_covey_v1_VolumeOptions, _covey_v1_VolumeOptions__Output>
    }
  }
  google: {
    protobuf: {
      Duration: MessageTypeDefinition<_google_protobuf_Duration, _google_protobuf_Duration__Output>
      Timestamp: MessageTypeDefinition<_google_protobuf_Timestamp, _google_protobuf_Timestamp__Output>
    }
  }
}

