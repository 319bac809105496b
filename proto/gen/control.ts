import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Annotations as _covey_v1_Annotations, Annotations__Output as _covey_v1_Annotations__Output } from './covey/v1/Annotations.ts';
import type { CAConfig as _covey_v1_CAConfig, CAConfig__Output as _covey_v1_CAConfig__Output } from './covey/v1/CAConfig.ts';
import type { CertificateInfo as _covey_v1_CertificateInfo, CertificateInfo__Output as _covey_v1_CertificateInfo__Output } from './covey/v1/CertificateInfo.ts';
import type { Cluster as _covey_v1_Cluster, Cluster__Output as _covey_v1_Cluster__Output } from './covey/v1/Cluster.ts';
import type { ClusterEvent as _covey_v1_ClusterEvent, ClusterEvent__Output as _covey_v1_ClusterEvent__Output } from './covey/v1/ClusterEvent.ts';
import type { ClusterSpec as _covey_v1_ClusterSpec, ClusterSpec__Output as _covey_v1_ClusterSpec__Output } from './covey/v1/ClusterSpec.ts';
import type { Config as _covey_v1_Config, Config__Output as _covey_v1_Config__Output } from './covey/v1/Config.ts';
import type { ConfigSpec as _covey_v1_ConfigSpec, ConfigSpec__Output as _covey_v1_ConfigSpec__Output } from './covey/v1/ConfigSpec.ts';
import type { ContainerSpec as _covey_v1_ContainerSpec, ContainerSpec__Output as _covey_v1_ContainerSpec__Output } from './covey/v1/ContainerSpec.ts';
import type { ContainerStatus as _covey_v1_ContainerStatus, ContainerStatus__Output as _covey_v1_ContainerStatus__Output } from './covey/v1/ContainerStatus.ts';
import type { ControlServiceClient as _covey_v1_ControlServiceClient, ControlServiceDefinition as _covey_v1_ControlServiceDefinition } from './covey/v1/ControlService.ts';
import type { CreateServiceRequest as _covey_v1_CreateServiceRequest, CreateServiceRequest__Output as _covey_v1_CreateServiceRequest__Output } from './covey/v1/CreateServiceRequest.ts';
import type { CreateServiceResponse as _covey_v1_CreateServiceResponse, CreateServiceResponse__Output as _covey_v1_CreateServiceResponse__Output } from './covey/v1/CreateServiceResponse.ts';
import type { DispatcherConfig as _covey_v1_DispatcherConfig, DispatcherConfig__Output as _covey_v1_DispatcherConfig__Output } from './covey/v1/DispatcherConfig.ts';
import type { Endpoint as _covey_v1_Endpoint, Endpoint__Output as _covey_v1_Endpoint__Output } from './covey/v1/Endpoint.ts';
import type { EndpointSpec as _covey_v1_EndpointSpec, EndpointSpec__Output as _covey_v1_EndpointSpec__Output } from './covey/v1/EndpointSpec.ts';
import type { EngineDescription as _covey_v1_EngineDescription, EngineDescription__Output as _covey_v1_EngineDescription__Output } from './covey/v1/EngineDescription.ts';
import type { EventsRequest as _covey_v1_EventsRequest, EventsRequest__Output as _covey_v1_EventsRequest__Output } from './covey/v1/EventsRequest.ts';
import type { EventsResponse as _covey_v1_EventsResponse, EventsResponse__Output as _covey_v1_EventsResponse__Output } from './covey/v1/EventsResponse.ts';
import type { GetClusterRequest as _covey_v1_GetClusterRequest, GetClusterRequest__Output as _covey_v1_GetClusterRequest__Output } from './covey/v1/GetClusterRequest.ts';
import type { GetClusterResponse as _covey_v1_GetClusterResponse, GetClusterResponse__Output as _covey_v1_GetClusterResponse__Output } from './covey/v1/GetClusterResponse.ts';
import type { GetNodeRequest as _covey_v1_GetNodeRequest, GetNodeRequest__Output as _covey_v1_GetNodeRequest__Output } from './covey/v1/GetNodeRequest.ts';
import type { GetNodeResponse as _covey_v1_GetNodeResponse, GetNodeResponse__Output as _covey_v1_GetNodeResponse__Output } from './covey/v1/GetNodeResponse.ts';
import type { GetServiceRequest as _covey_v1_GetServiceRequest, GetServiceRequest__Output as _covey_v1_GetServiceRequest__Output } from './covey/v1/GetServiceRequest.ts';
import type { GetServiceResponse as _covey_v1_GetServiceResponse, GetServiceResponse__Output as _covey_v1_GetServiceResponse__Output } from './covey/v1/GetServiceResponse.ts';
import type { GetTaskRequest as _covey_v1_GetTaskRequest, GetTaskRequest__Output as _covey_v1_GetTaskRequest__Output } from './covey/v1/GetTaskRequest.ts';
import type { GetTaskResponse as _covey_v1_GetTaskResponse, GetTaskResponse__Output as _covey_v1_GetTaskResponse__Output } from './covey/v1/GetTaskResponse.ts';
import type { GlobalService as _covey_v1_GlobalService, GlobalService__Output as _covey_v1_GlobalService__Output } from './covey/v1/GlobalService.ts';
import type { HealthConfig as _covey_v1_HealthConfig, HealthConfig__Output as _covey_v1_HealthConfig__Output } from './covey/v1/HealthConfig.ts';
import type { JoinTokenRotation as _covey_v1_JoinTokenRotation, JoinTokenRotation__Output as _covey_v1_JoinTokenRotation__Output } from './covey/v1/JoinTokenRotation.ts';
import type { JoinTokens as _covey_v1_JoinTokens, JoinTokens__Output as _covey_v1_JoinTokens__Output } from './covey/v1/JoinTokens.ts';
import type { ListNodesRequest as _covey_v1_ListNodesRequest, ListNodesRequest__Output as _covey_v1_ListNodesRequest__Output } from './covey/v1/ListNodesRequest.ts';
import type { ListNodesResponse as _covey_v1_ListNodesResponse, ListNodesResponse__Output as _covey_v1_ListNodesResponse__Output } from './covey/v1/ListNodesResponse.ts';
import type { ListServiceStatusesRequest as _covey_v1_ListServiceStatusesRequest, ListServiceStatusesRequest__Output as _covey_v1_ListServiceStatusesRequest__Output } from './covey/v1/ListServiceStatusesRequest.ts';
import type { ListServiceStatusesResponse as _covey_v1_ListServiceStatusesResponse, ListServiceStatusesResponse__Output as _covey_v1_ListServiceStatusesResponse__Output } from './covey/v1/ListServiceStatusesResponse.ts';
import type { ListServicesRequest as _covey_v1_ListServicesRequest, ListServicesRequest__Output as _covey_v1_ListServicesRequest__Output } from './covey/v1/ListServicesRequest.ts';
import type { ListServicesResponse as _covey_v1_ListServicesResponse, ListServicesResponse__Output as _covey_v1_ListServicesResponse__Output } from './covey/v1/ListServicesResponse.ts';
import type { ListTasksRequest as _covey_v1_ListTasksRequest, ListTasksRequest__Output as _covey_v1_ListTasksRequest__Output } from './covey/v1/ListTasksRequest.ts';
import type { ListTasksResponse as _covey_v1_ListTasksResponse, ListTasksResponse__Output as _covey_v1_ListTasksResponse__Output } from './covey/v1/ListTasksResponse.ts';
import type { LogContext as _covey_v1_LogContext, LogContext__Output as _covey_v1_LogContext__Output } from './covey/v1/LogContext.ts';
import type { LogMessage as _covey_v1_LogMessage, LogMessage__Output as _covey_v1_LogMessage__Output } from './covey/v1/LogMessage.ts';
import type { ManagerStatus as _covey_v1_ManagerStatus, ManagerStatus__Output as _covey_v1_ManagerStatus__Output } from './covey/v1/ManagerStatus.ts';
import type { Meta as _covey_v1_Meta, Meta__Output as _covey_v1_Meta__Output } from './covey/v1/Meta.ts';
import type { Mount as _covey_v1_Mount, Mount__Output as _covey_v1_Mount__Output } from './covey/v1/Mount.ts';
import type { Node as _covey_v1_Node, Node__Output as _covey_v1_Node__Output } from './covey/v1/Node.ts';
import type { NodeDescription as _covey_v1_NodeDescription, NodeDescription__Output as _covey_v1_NodeDescription__Output } from './covey/v1/NodeDescription.ts';
import type { NodeFilters as _covey_v1_NodeFilters, NodeFilters__Output as _covey_v1_NodeFilters__Output } from './covey/v1/NodeFilters.ts';
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
import type { RemoveNodeRequest as _covey_v1_RemoveNodeRequest, RemoveNodeRequest__Output as _covey_v1_RemoveNodeRequest__Output } from './covey/v1/RemoveNodeRequest.ts';
import type { RemoveNodeResponse as _covey_v1_RemoveNodeResponse, RemoveNodeResponse__Output as _covey_v1_RemoveNodeResponse__Output } from './covey/v1/RemoveNodeResponse.ts';
import type { RemoveServiceRequest as _covey_v1_RemoveServiceRequest, RemoveServiceRequest__Output as _covey_v1_RemoveServiceRequest__Output } from './covey/v1/RemoveServiceRequest.ts';
import type { RemoveServiceResponse as _covey_v1_RemoveServiceResponse, RemoveServiceResponse__Output as _covey_v1_RemoveServiceResponse__Output } from './covey/v1/RemoveServiceResponse.ts';
import type { ReplicatedService as _covey_v1_ReplicatedService, ReplicatedService__Output as _covey_v1_ReplicatedService__Output } from './covey/v1/ReplicatedService.ts';
import type { ResourceRequirements as _covey_v1_ResourceRequirements, ResourceRequirements__Output as _covey_v1_ResourceRequirements__Output } from './covey/v1/ResourceRequirements.ts';
import type { Resources as _covey_v1_Resources, Resources__Output as _covey_v1_Resources__Output } from './covey/v1/Resources.ts';
import type { RestartPolicy as _covey_v1_RestartPolicy, RestartPolicy__Output as _covey_v1_RestartPolicy__Output } from './covey/v1/RestartPolicy.ts';
import type { RootCA as _covey_v1_RootCA, RootCA__Output as _covey_v1_RootCA__Output } from './covey/v1/RootCA.ts';
import type { RuntimeHealth as _covey_v1_RuntimeHealth, RuntimeHealth__Output as _covey_v1_RuntimeHealth__Output } from './covey/v1/RuntimeHealth.ts';
import type { Secret as _covey_v1_Secret, Secret__Output as _covey_v1_Secret__Output } from './covey/v1/Secret.ts';
import type { SecretSpec as _covey_v1_SecretSpec, SecretSpec__Output as _covey_v1_SecretSpec__Output } from './covey/v1/SecretSpec.ts';
import type { Service as _covey_v1_Service, Service__Output as _covey_v1_Service__Output } from './covey/v1/Service.ts';
import type { ServiceFilters as _covey_v1_ServiceFilters, ServiceFilters__Output as _covey_v1_ServiceFilters__Output } from './covey/v1/ServiceFilters.ts';
import type { ServiceLogsRequest as _covey_v1_ServiceLogsRequest, ServiceLogsRequest__Output as _covey_v1_ServiceLogsRequest__Output } from './covey/v1/ServiceLogsRequest.ts';
import type { ServiceLogsResponse as _covey_v1_ServiceLogsResponse, ServiceLogsResponse__Output as _covey_v1_ServiceLogsResponse__Output } from './covey/v1/ServiceLogsResponse.ts';
import type { ServiceReplicaStatus as _covey_v1_ServiceReplicaStatus, ServiceReplicaStatus__Output as _covey_v1_ServiceReplicaStatus__Output } from './covey/v1/ServiceReplicaStatus.ts';
import type { ServiceSpec as _covey_v1_ServiceSpec, ServiceSpec__Output as _covey_v1_ServiceSpec__Output } from './covey/v1/ServiceSpec.ts';
import type { SpreadOver as _covey_v1_SpreadOver, SpreadOver__Output as _covey_v1_SpreadOver__Output } from './covey/v1/SpreadOver.ts';
import type { Task as _covey_v1_Task, Task__Output as _covey_v1_Task__Output } from './covey/v1/Task.ts';
import type { TaskFilters as _covey_v1_TaskFilters, TaskFilters__Output as _covey_v1_TaskFilters__Output } from './covey/v1/TaskFilters.ts';
import type { TaskSpec as _covey_v1_TaskSpec, TaskSpec__Output as _covey_v1_TaskSpec__Output } from './covey/v1/TaskSpec.ts';
import type { TaskStatus as _covey_v1_TaskStatus, TaskStatus__Output as _covey_v1_TaskStatus__Output } from './covey/v1/TaskStatus.ts';
import type { TmpfsOptions as _covey_v1_TmpfsOptions, TmpfsOptions__Output as _covey_v1_TmpfsOptions__Output } from './covey/v1/TmpfsOptions.ts';
import type { UpdateClusterRequest as _covey_v1_UpdateClusterRequest, UpdateClusterRequest__Output as _covey_v1_UpdateClusterRequest__Output } from './covey/v1/UpdateClusterRequest.ts';
import type { UpdateClusterResponse as _covey_v1_UpdateClusterResponse, UpdateClusterResponse__Output as _covey_v1_UpdateClusterResponse__Output } from './covey/v1/UpdateClusterResponse.ts';
import type { UpdateConfig as _covey_v1_UpdateConfig, UpdateConfig__Output as _covey_v1_UpdateConfig__Output } from './covey/v1/UpdateConfig.ts';
import type { UpdateNodeRequest as _covey_v1_UpdateNodeRequest, UpdateNodeRequest__Output as _covey_v1_UpdateNodeRequest__Output } from './covey/v1/UpdateNodeRequest.ts';
import type { UpdateNodeResponse as _covey_v1_UpdateNodeResponse, UpdateNodeResponse__Output as _covey_v1_UpdateNodeResponse__Output } from './covey/v1/UpdateNodeResponse.ts';
import type { UpdateServiceRequest as _covey_v1_UpdateServiceRequest, UpdateServiceRequest__Output as _covey_v1_UpdateServiceRequest__Output } from './covey/v1/UpdateServiceRequest.ts';
import type { UpdateServiceResponse as _covey_v1_UpdateServiceResponse, UpdateServiceResponse__Output as _covey_v1_UpdateServiceResponse__Output } from './covey/v1/UpdateServiceResponse.ts';
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
      ClusterEvent: MessageTypeDefinition<_covey_v1_ClusterEvent, _covey_v1_ClusterEvent__Output>
      ClusterSpec: MessageTypeDefinition<_covey_v1_ClusterSpec, _covey_v1_ClusterSpec__Output>
      Config: MessageTypeDefinition<_covey_v1_Config, _covey_v1_Config__Output>
      ConfigSpec: MessageTypeDefinition<_covey_v1_ConfigSpec, _covey_v1_ConfigSpec__Output>
      ContainerSpec: MessageTypeDefinition<_covey_v1_ContainerSpec, _covey_v1_ContainerSpec__Output>
      ContainerStatus: MessageTypeDefinition<_covey_v1_ContainerStatus, _covey_v1_ContainerStatus__Output>
      ControlService: SubtypeConstructor<typeof grpc.Client, _covey_v1_ControlServiceClient> & { service: _covey_v1_ControlServiceDefinition }
      CreateServiceRequest: MessageTypeDefinition<_covey_v1_CreateServiceRequest, _covey_v1_CreateServiceRequest__Output>
      CreateServiceResponse: MessageTypeDefinition<_covey_v1_CreateServiceResponse, _covey_v1_CreateServiceResponse__Output>
      DispatcherConfig: MessageTypeDefinition<_covey_v1_DispatcherConfig, _covey_v1_DispatcherConfig__Output>
      Endpoint: MessageTypeDefinition<_covey_v1_Endpoint, _covey_v1_Endpoint__Output>
      EndpointSpec: MessageTypeDefinition<_covey_v1_EndpointSpec, _covey_v1_EndpointSpec__Output>
      EngineDescription: MessageTypeDefinition<_covey_v1_EngineDescription, _covey_v1_EngineDescription__Output>
      EventAction: EnumTypeDefinition
      EventType: EnumTypeDefinition
      EventsRequest: MessageTypeDefinition<_covey_v1_EventsRequest, _covey_v1_EventsRequest__Output>
      EventsResponse: MessageTypeDefinition<_covey_v1_EventsResponse, _covey_v1_EventsResponse__Output>
      GetClusterRequest: MessageTypeDefinition<_covey_v1_GetClusterRequest, _covey_v1_GetClusterRequest__Output>
      GetClusterResponse: MessageTypeDefinition<_covey_v1_GetClusterResponse, _covey_v1_GetClusterResponse__Output>
      GetNodeRequest: MessageTypeDefinition<_covey_v1_GetNodeRequest, _covey_v1_GetNodeRequest__Output>
      GetNodeResponse: MessageTypeDefinition<_covey_v1_GetNodeResponse, _covey_v1_GetNodeResponse__Output>
      GetServiceRequest: MessageTypeDefinition<_covey_v1_GetServiceRequest, _covey_v1_GetServiceRequest__Output>
      GetServiceResponse: MessageTypeDefinition<_covey_v1_GetServiceResponse, _covey_v1_GetServiceResponse__Output>
      GetTaskRequest: MessageTypeDefinition<_covey_v1_GetTaskRequest, _covey_v1_GetTaskRequest__Output>
      GetTaskResponse: MessageTypeDefinition<_covey_v1_GetTaskResponse, _covey_v1_GetTaskResponse__Output>
      GlobalService: MessageTypeDefinition<_covey_v1_GlobalService, _covey_v1_GlobalService__Output>
      HealthConfig: MessageTypeDefinition<_covey_v1_HealthConfig, _covey_v1_HealthConfig__Output>
      JoinTokenRotation: MessageTypeDefinition<_covey_v1_JoinTokenRotation, _covey_v1_JoinTokenRotation__Output>
      JoinTokens: MessageTypeDefinition<_covey_v1_JoinTokens, _covey_v1_JoinTokens__Output>
      ListNodesRequest: MessageTypeDefinition<_covey_v1_ListNodesRequest, _covey_v1_ListNodesRequest__Output>
      ListNodesResponse: MessageTypeDefinition<_covey_v1_ListNodesResponse, _covey_v1_ListNodesResponse__Output>
      ListServiceStatusesRequest: MessageTypeDefinition<_covey_v1_ListServiceStatusesRequest, _covey_v1_ListServiceStatusesRequest__Output>
      ListServiceStatusesResponse: MessageTypeDefinition<_covey_v1_ListServiceStatusesResponse, _covey_v1_ListServiceStatusesResponse__Output>
      ListServicesRequest: MessageTypeDefinition<_covey_v1_ListServicesRequest, _covey_v1_ListServicesRequest__Output>
      ListServicesResponse: MessageTypeDefinition<_covey_v1_ListServicesResponse, _covey_v1_ListServicesResponse__Output>
      ListTasksRequest: MessageTypeDefinition<_covey_v1_ListTasksRequest, _covey_v1_ListTasksRequest__Output>
      ListTasksResponse: MessageTypeDefinition<_covey_v1_ListTasksResponse, _covey_v1_ListTasksResponse__Output>
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
      NodeFilters: MessageTypeDefinition<_covey_v1_NodeFilters, _covey_v1_NodeFilters__Output>
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
      RemoveNodeRequest: MessageTypeDefinition<_covey_v1_RemoveNodeRequest, _covey_v1_RemoveNodeRequest__Output>
      RemoveNodeResponse: MessageTypeDefinition<_covey_v1_RemoveNodeResponse, _covey_v1_RemoveNodeResponse__Output>
      RemoveServiceRequest: MessageTypeDefinition<_covey_v1_RemoveServiceRequest, _covey_v1_RemoveServiceRequest__Output>
      RemoveServiceResponse: MessageTypeDefinition<_covey_v1_RemoveServiceResponse, _covey_v1_RemoveServiceResponse__Output>
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
      ServiceFilters: MessageTypeDefinition<_covey_v1_ServiceFilters, _covey_v1_ServiceFilters__Output>
      ServiceLogsRequest: MessageTypeDefinition<_covey_v1_ServiceLogsRequest, _covey_v1_ServiceLogsRequest__Output>
      ServiceLogsResponse: MessageTypeDefinition<_covey_v1_ServiceLogsResponse, _covey_v1_ServiceLogsResponse__Output>
      ServiceReplicaStatus: MessageTypeDefinition<_covey_v1_ServiceReplicaStatus, _covey_v1_ServiceReplicaStatus__Output>
      ServiceSpec: MessageTypeDefinition<_covey_v1_ServiceSpec, _covey_v1_ServiceSpec__Output>
      SpreadOver: MessageTypeDefinition<_covey_v1_SpreadOver, _covey_v1_SpreadOver__Output>
      Task: MessageTypeDefinition<_covey_v1_Task, _covey_v1_Task__Output>
      TaskFilters: MessageTypeDefinition<_covey_v1_TaskFilters, _covey_v1_TaskFilters__Output>
      TaskHealth: EnumTypeDefinition
      TaskSpec: MessageTypeDefinition<_covey_v1_TaskSpec, _covey_v1_TaskSpec__Output>
      TaskState: EnumTypeDefinition
      TaskStatus: MessageTypeDefinition<_covey_v1_TaskStatus, _covey_v1_TaskStatus__Output>
      TmpfsOptions: MessageTypeDefinition<_covey_v1_TmpfsOptions, _covey_v1_TmpfsOptions__Output>
      UpdateClusterRequest: MessageTypeDefinition<_covey_v1_UpdateClusterRequest, _covey_v1_UpdateClusterRequest__Output>
      UpdateClusterResponse: MessageTypeDefinition<_covey_v1_UpdateClusterResponse, _covey_v1_UpdateClusterResponse__Output>
      UpdateConfig: MessageTypeDefinition<_covey_v1_UpdateConfig, _covey_v1_UpdateConfig__Output>
      UpdateFailureAction: EnumTypeDefinition
      UpdateNodeRequest: MessageTypeDefinition<_covey_v1_UpdateNodeRequest, _covey_v1_UpdateNodeRequest__Output>
      UpdateNodeResponse: MessageTypeDefinition<_covey_v1_UpdateNodeResponse, _covey_v1_UpdateNodeResponse__Output>
      UpdateOrder: EnumTypeDefinition
      UpdateServiceRequest: MessageTypeDefinition<_covey_v1_UpdateServiceRequest, _covey_v1_UpdateServiceRequest__Output>
      UpdateServiceResponse: MessageTypeDefinition<_covey_v1_UpdateServiceResponse, _covey_v1_UpdateServiceResponse__Output>
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

