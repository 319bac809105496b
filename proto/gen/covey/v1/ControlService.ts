// Original file: covey/v1/control.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CreateServiceRequest as _covey_v1_CreateServiceRequest, CreateServiceRequest__Output as _covey_v1_CreateServiceRequest__Output } from '../../covey/v1/CreateServiceRequest.ts';
import type { CreateServiceResponse as _covey_v1_CreateServiceResponse, CreateServiceResponse__Output as _covey_v1_CreateServiceResponse__Output } from '../../covey/v1/CreateServiceResponse.ts';
import type { EventsRequest as _covey_v1_EventsRequest, EventsRequest__Output as _covey_v1_EventsRequest__Output } from '../../covey/v1/EventsRequest.ts';
import type { EventsResponse as _covey_v1_EventsResponse, EventsResponse__Output as _covey_v1_EventsResponse__Output } from '../../covey/v1/EventsResponse.ts';
import type { GetClusterRequest as _covey_v1_GetClusterRequest, GetClusterRequest__Output as _covey_v1_GetClusterRequest__Output } from '../../covey/v1/GetClusterRequest.ts';
import type { GetClusterResponse as _covey_v1_GetClusterResponse, GetClusterResponse__Output as _covey_v1_GetClusterResponse__Output } from '../../covey/v1/GetClusterResponse.ts';
import type { GetNodeRequest as _covey_v1_GetNodeRequest, GetNodeRequest__Output as _covey_v1_GetNodeRequest__Output } from '../../covey/v1/GetNodeRequest.ts';
import type { GetNodeResponse as _covey_v1_GetNodeResponse, GetNodeResponse__Output as _covey_v1_GetNodeResponse__Output } from '../../covey/v1/GetNodeResponse.ts';
import type { GetServiceRequest as _covey_v1_GetServiceRequest, GetServiceRequest__Output as _covey_v1_GetServiceRequest__Output } from '../../covey/v1/GetServiceRequest.ts';
import type { GetServiceResponse as _covey_v1_GetServiceResponse, GetServiceResponse__Output as _covey_v1_GetServiceResponse__Output } from '../../covey/v1/GetServiceResponse.ts';
import type { GetTaskRequest as _covey_v1_GetTaskRequest, GetTaskRequest__Output as _covey_v1_GetTaskRequest__Output } from '../../covey/v1/GetTaskRequest.ts';
import type { GetTaskResponse as _covey_v1_GetTaskResponse, GetTaskResponse__Output as _covey_v1_GetTaskResponse__Output } from '../../covey/v1/GetTaskResponse.ts';
import type { ListNodesRequest as _covey_v1_ListNodesRequest, ListNodesRequest__Output as _covey_v1_ListNodesRequest__Output } from '../../covey/v1/ListNodesRequest.ts';
import type { ListNodesResponse as _covey_v1_ListNodesResponse, ListNodesResponse__Output as _covey_v1_ListNodesResponse__Output } from '../../covey/v1/ListNodesResponse.ts';
import type { ListServiceStatusesRequest as _covey_v1_ListServiceStatusesRequest, ListServiceStatusesRequest__Output as _covey_v1_ListServiceStatusesRequest__Output } from '../../covey/v1/ListServiceStatusesRequest.ts';
import type { ListServiceStatusesResponse as _covey_v1_ListServiceStatusesResponse, ListServiceStatusesResponse__Output as _covey_v1_ListServiceStatusesResponse__Output } from '../../covey/v1/ListServiceStatusesResponse.ts';
import type { ListServicesRequest as _covey_v1_ListServicesRequest, ListServicesRequest__Output as _covey_v1_ListServicesRequest__Output } from '../../covey/v1/ListServicesRequest.ts';
import type { ListServicesResponse as _covey_v1_ListServicesResponse, ListServicesResponse__Output as _covey_v1_ListServicesResponse__Output } from '../../covey/v1/ListServicesResponse.ts';
import type { ListTasksRequest as _covey_v1_ListTasksRequest, ListTasksRequest__Output as _covey_v1_ListTasksRequest__Output } from '../../covey/v1/ListTasksRequest.ts';
import type { ListTasksResponse as _covey_v1_ListTasksResponse, ListTasksResponse__Output as _covey_v1_ListTasksResponse__Output } from '../../covey/v1/ListTasksResponse.ts';
import type { RemoveNodeRequest as _covey_v1_RemoveNodeRequest, RemoveNodeRequest__Output as _covey_v1_RemoveNodeRequest__Output } from '../../covey/v1/RemoveNodeRequest.ts';
import type { RemoveNodeResponse as _covey_v1_RemoveNodeResponse, RemoveNodeResponse__Output as _covey_v1_RemoveNodeResponse__Output } from '../../covey/v1/RemoveNodeResponse.ts';
import type { RemoveServiceRequest as _covey_v1_RemoveServiceRequest, RemoveServiceRequest__Output as _covey_v1_RemoveServiceRequest__Output } from '../../covey/v1/RemoveServiceRequest.ts';
import type { RemoveServiceResponse as _covey_v1_RemoveServiceResponse, RemoveServiceResponse__Output as _covey_v1_RemoveServiceResponse__Output } from '../../covey/v1/RemoveServiceResponse.ts';
import type { ServiceLogsRequest as _covey_v1_ServiceLogsRequest, ServiceLogsRequest__Output as _covey_v1_ServiceLogsRequest__Output } from '../../covey/v1/ServiceLogsRequest.ts';
import type { ServiceLogsResponse as _covey_v1_ServiceLogsResponse, ServiceLogsResponse__Output as _covey_v1_ServiceLogsResponse__Output } from '../../covey/v1/ServiceLogsResponse.ts';
import type { UpdateClusterRequest as _covey_v1_UpdateClusterRequest, UpdateClusterRequest__Output as _covey_v1_UpdateClusterRequest__Output } from '../../covey/v1/UpdateClusterRequest.ts';
import type { UpdateClusterResponse as _covey_v1_UpdateClusterResponse, UpdateClusterResponse__Output as _covey_v1_UpdateClusterResponse__Output } from '../../covey/v1/UpdateClusterResponse.ts';
import type { UpdateNodeRequest as _covey_v1_UpdateNodeRequest, UpdateNodeRequest__Output as _covey_v1_UpdateNodeRequest__Output } from '../../covey/v1/UpdateNodeRequest.ts';
import type { UpdateNodeResponse as _covey_v1_UpdateNodeResponse, UpdateNodeResponse__Output as _covey_v1_UpdateNodeResponse__Output } from '../../covey/v1/UpdateNodeResponse.ts';
import type { UpdateServiceRequest as _covey_v1_UpdateServiceRequest, UpdateServiceRequest__Output as _covey_v1_UpdateServiceRequest__Output } from '../../covey/v1/UpdateServiceRequest.ts';
import type { UpdateServiceResponse as _covey_v1_UpdateServiceResponse, UpdateServiceResponse__Output as _covey_v1_UpdateServiceResponse__Output } from '../../covey/v1/UpdateServiceResponse.ts';

export interface ControlServiceClient extends grpc.Client {
  CreateService(argument: _covey_v1_CreateServiceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_CreateServiceResponse__Output>): grpc.ClientUnaryCall;
  CreateService(argument: _covey_v1_CreateServiceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_covey_v1_CreateServiceResponse__Output>): grpc.ClientUnaryCall;
  CreateService(argument: _covey_v1_CreateServiceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_CreateServiceResponse__Output>): grpc.ClientUnaryCall;
  CreateService(argument: _covey_v1_CreateServiceRequest, callback: grpc.requestCallback<_covey_v1_CreateServiceResponse__Output>): grpc.ClientUnaryCall;
  createService(argument: _covey_v1_CreateServiceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_CreateServiceResponse__Output>): grpc.ClientUnaryCall;
  createService(argument: _covey_v1_CreateServiceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_covey_v1_CreateServiceResponse__Output>): grpc.ClientUnaryCall;
  createService(argument: _covey_v1_CreateServiceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_CreateServiceResponse__Output>): grpc.ClientUnaryCall;
  createService(argument: _covey_v1_CreateServiceRequest, callback: grpc.requestCallback<_covey_v1_CreateServiceResponse__Output>): grpc.ClientUnaryCall;
  
  Events(argument: _covey_v1_EventsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_covey_v1_EventsResponse__Output>;
  Events(argument: _covey_v1_EventsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_covey_v1_EventsResponse__Output>;
  events(argument: _covey_v1_EventsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_covey_v1_EventsResponse__Output>;
  events(argument: _covey_v1_EventsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_covey_v1_EventsResponse__Output>;
  
  GetCluster(argument: _covey_v1_GetClusterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_GetClusterResponse__Output>): grpc.ClientUnaryCall;
  GetCluster(argument: _covey_v1_GetClusterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_covey_v1_GetClusterResponse__Output>): grpc.ClientUnaryCall;
  GetCluster(argument: _covey_v1_GetClusterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_GetClusterResponse__Output>): grpc.ClientUnaryCall;
  GetCluster(argument: _covey_v1_GetClusterRequest, callback: grpc.requestCallback<_covey_v1_GetClusterResponse__Output>): grpc.ClientUnaryCall;
  getCluster(argument: _covey_v1_GetClusterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_GetClusterResponse__Output>): grpc.ClientUnaryCall;
  getCluster(argument: _covey_v1_GetClusterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_covey_v1_GetClusterResponse__Output>): grpc.ClientUnaryCall;
  getCluster(argument: _covey_v1_GetClusterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_GetClusterResponse__Output>): grpc.ClientUnaryCall;
  getCluster(argument: _covey_v1_GetClusterRequest, callback: grpc.requestCallback<_covey_v1_GetClusterResponse__Output>): grpc.ClientUnaryCall;
  
  GetNode(argument: _covey_v1_GetNodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_GetNodeResponse__Output>): grpc.ClientUnaryCall;
  GetNode(argument: _covey_v1_GetNodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_covey_v1_GetNodeResponse__Output>): grpc.ClientUnaryCall;
  GetNode(argument: _covey_v1_GetNodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_GetNodeResponse__Output>): grpc.ClientUnaryCall;
  GetNode(argument: _covey_v1_GetNodeRequest, callback: grpc.requestCallback<_covey_v1_GetNodeResponse__Output>): grpc.ClientUnaryCall;
  getNode(argument: _covey_v1_GetNodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_GetNodeResponse__Output>): grpc.ClientUnaryCall;
  getNode(argument: _covey_v1_GetNodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_covey_v1_GetNodeResponse__Output>): grpc.ClientUnaryCall;
  getNode(argument: _covey_v1_GetNodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_GetNodeResponse__Output>): grpc.ClientUnaryCall;
  getNode(argument: _covey_v1_GetNodeRequest, callback: grpc.requestCallback<_covey_v1_GetNodeResponse__Output>): grpc.ClientUnaryCall;
  
  GetService(argument: _covey_v1_GetServiceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_GetServiceResponse__Output>): grpc.ClientUnaryCall;
  GetService(argument: _covey_v1_GetServiceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_covey_v1_GetServiceResponse__Output>): grpc.ClientUnaryCall;
  GetService(argument: _covey_v1_GetServiceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_GetServiceResponse__Output>): grpc.ClientUnaryCall;
  GetService(argument: _covey_v1_GetServiceRequest, callback: grpc.requestCallback<_covey_v1_GetServiceResponse__Output>): grpc.ClientUnaryCall;
  getService(argument: _covey_v1_GetServiceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_GetServiceResponse__Output>): grpc.ClientUnaryCall;
  getService(argument: _covey_v1_GetServiceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_covey_v1_GetServiceResponse__Output>): grpc.ClientUnaryCall;
  getService(argument: _covey_v1_GetServiceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_GetServiceResponse__Output>): grpc.ClientUnaryCall;
  getService(argument: _covey_v1_GetServiceRequest, callback: grpc.requestCallback<_covey_v1_GetServiceResponse__Output>): grpc.ClientUnaryCall;
  
  GetTask(argument: _covey_v1_GetTaskRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_GetTaskResponse__Output>): grpc.ClientUnaryCall;
  GetTask(argument: _covey_v1_GetTaskRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_covey_v1_GetTaskResponse__Output>): grpc.ClientUnaryCall;
  GetTask(argument: _covey_v1_GetTaskRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_GetTaskResponse__Output>): grpc.ClientUnaryCall;
  GetTask(argument: _covey_v1_GetTaskRequest, callback: grpc.requestCallback<_covey_v1_GetTaskResponse__Output>): grpc.ClientUnaryCall;
  getTask(argument: _covey_v1_GetTaskRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_GetTaskResponse__Output>): grpc.ClientUnaryCall;
  getTask(argument: _covey_v1_GetTaskRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_covey_v1_GetTaskResponse__Output>): grpc.ClientUnaryCall;
  getTask(argument: _covey_v1_GetTaskRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_GetTaskResponse__Output>): grpc.ClientUnaryCall;
  getTask(argument: _covey_v1_GetTaskRequest, callback: grpc.requestCallback<_covey_v1_GetTaskResponse__Output>): grpc.ClientUnaryCall;
  
  ListNodes(argument: _covey_v1_ListNodesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  ListNodes(argument: _covey_v1_ListNodesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_covey_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  ListNodes(argument: _covey_v1_ListNodesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  ListNodes(argument: _covey_v1_ListNodesRequest, callback: grpc.requestCallback<_covey_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  listNodes(argument: _covey_v1_ListNodesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  listNodes(argument: _covey_v1_ListNodesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_covey_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  listNodes(argument: _covey_v1_ListNodesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  listNodes(argument: _covey_v1_ListNodesRequest, callback: grpc.requestCallback<_covey_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  
  ListServiceStatuses(argument: _covey_v1_ListServiceStatusesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_ListServiceStatusesResponse__Output>): grpc.ClientUnaryCall;
  ListServiceStatuses(argument: _covey_v1_ListServiceStatusesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_covey_v1_ListServiceStatusesResponse__Output>): grpc.ClientUnaryCall;
  ListServiceStatuses(argument: _covey_v1_ListServiceStatusesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_ListServiceStatusesResponse__Output>): grpc.ClientUnaryCall;
  ListServiceStatuses(argument: _covey_v1_ListServiceStatusesRequest, callback: grpc.requestCallback<_covey_v1_ListServiceStatusesResponse__Output>): grpc.ClientUnaryCall;
  listServiceStatuses(argument: _covey_v1_ListServiceStatusesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_ListServiceStatusesResponse__Output>): grpc.ClientUnaryCall;
  listServiceStatuses(argument: _covey_v1_ListServiceStatusesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_covey_v1_ListServiceStatusesResponse__Output>): grpc.ClientUnaryCall;
  listServiceStatuses(argument: _covey_v1_ListServiceStatusesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_ListServiceStatusesResponse__Output>): grpc.ClientUnaryCall;
  listServiceStatuses(argument: _covey_v1_ListServiceStatusesRequest, callback: grpc.requestCallback<_covey_v1_ListServiceStatusesResponse__Output>): grpc.ClientUnaryCall;
  
  ListServices(argument: _covey_v1_ListServicesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_ListServicesResponse__Output>): grpc.ClientUnaryCall;
  ListServices(argument: _covey_v1_ListServicesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_covey_v1_ListServicesResponse__Output>): grpc.ClientUnaryCall;
  ListServices(argument: _covey_v1_ListServicesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_ListServicesResponse__Output>): grpc.ClientUnaryCall;
  ListServices(argument: _covey_v1_ListServicesRequest, callback: grpc.requestCallback<_covey_v1_ListServicesResponse__Output>): grpc.ClientUnaryCall;
  listServices(argument: _covey_v1_ListServicesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_ListServicesResponse__Output>): grpc.ClientUnaryCall;
  listServices(argument: _covey_v1_ListServicesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_covey_v1_ListServicesResponse__Output>): grpc.ClientUnaryCall;
  listServices(argument: _covey_v1_ListServicesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_ListServicesResponse__Output>): grpc.ClientUnaryCall;
  listServices(argument: _covey_v1_ListServicesRequest, callback: grpc.requestCallback<_covey_v1_ListServicesResponse__Output>): grpc.ClientUnaryCall;
  
  ListTasks(argument: _covey_v1_ListTasksRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_ListTasksResponse__Output>): grpc.ClientUnaryCall;
  ListTasks(argument: _covey_v1_ListTasksRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_covey_v1_ListTasksResponse__Output>): grpc.ClientUnaryCall;
  ListTasks(argument: _covey_v1_ListTasksRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_ListTasksResponse__Output>): grpc.ClientUnaryCall;
  ListTasks(argument: _covey_v1_ListTasksRequest, callback: grpc.requestCallback<_covey_v1_ListTasksResponse__Output>): grpc.ClientUnaryCall;
  listTasks(argument: _covey_v1_ListTasksRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_ListTasksResponse__Output>): grpc.ClientUnaryCall;
  listTasks(argument: _covey_v1_ListTasksRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_covey_v1_ListTasksResponse__Output>): grpc.ClientUnaryCall;
  listTasks(argument: _covey_v1_ListTasksRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_ListTasksResponse__Output>): grpc.ClientUnaryCall;
  listTasks(argument: _covey_v1_ListTasksRequest, callback: grpc.requestCallback<_covey_v1_ListTasksResponse__Output>): grpc.ClientUnaryCall;
  
  RemoveNode(argument: _covey_v1_RemoveNodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_RemoveNodeResponse__Output>): grpc.ClientUnaryCall;
  RemoveNode(argument: _covey_v1_RemoveNodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_covey_v1_RemoveNodeResponse__Output>): grpc.ClientUnaryCall;
  RemoveNode(argument: _covey_v1_RemoveNodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_RemoveNodeResponse__Output>): grpc.ClientUnaryCall;
  RemoveNode(argument: _covey_v1_RemoveNodeRequest, callback: grpc.requestCallback<_covey_v1_RemoveNodeResponse__Output>): grpc.ClientUnaryCall;
  removeNode(argument: _covey_v1_RemoveNodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_RemoveNodeResponse__Output>): grpc.ClientUnaryCall;
  removeNode(argument: _covey_v1_RemoveNodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_covey_v1_RemoveNodeResponse__Output>): grpc.ClientUnaryCall;
  removeNode(argument: _covey_v1_RemoveNodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_RemoveNodeResponse__Output>): grpc.ClientUnaryCall;
  removeNode(argument: _covey_v1_RemoveNodeRequest, callback: grpc.requestCallback<_covey_v1_RemoveNodeResponse__Output>): grpc.ClientUnaryCall;
  
  RemoveService(argument: _covey_v1_RemoveServiceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_RemoveServiceResponse__Output>): grpc.ClientUnaryCall;
  RemoveService(argument: _covey_v1_RemoveServiceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_covey_v1_RemoveServiceResponse__Output>): grpc.ClientUnaryCall;
  RemoveService(argument: _covey_v1_RemoveServiceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_RemoveServiceResponse__Output>): grpc.ClientUnaryCall;
  RemoveService(argument: _covey_v1_RemoveServiceRequest, callback: grpc.requestCallback<_covey_v1_RemoveServiceResponse__Output>): grpc.ClientUnaryCall;
  removeService(argument: _covey_v1_RemoveServiceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_RemoveServiceResponse__Output>): grpc.ClientUnaryCall;
  removeService(argument: _covey_v1_RemoveServiceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_covey_v1_RemoveServiceResponse__Output>): grpc.ClientUnaryCall;
  removeService(argument: _covey_v1_RemoveServiceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_RemoveServiceResponse__Output>): grpc.ClientUnaryCall;
  removeService(argument: _covey_v1_RemoveServiceRequest, callback: grpc.requestCallback<_covey_v1_RemoveServiceResponse__Output>): grpc.ClientUnaryCall;
  
  ServiceLogs(argument: _covey_v1_ServiceLogsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_covey_v1_ServiceLogsResponse__Output>;
  ServiceLogs(argument: _covey_v1_ServiceLogsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_covey_v1_ServiceLogsResponse__Output>;
  serviceLogs(argument: _covey_v1_ServiceLogsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_covey_v1_ServiceLogsResponse__Output>;
  serviceLogs(argument: _covey_v1_ServiceLogsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_covey_v1_ServiceLogsResponse__Output>;
  
  UpdateCluster(argument: _covey_v1_UpdateClusterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_UpdateClusterResponse__Output>): grpc.ClientUnaryCall;
  UpdateCluster(argument: _covey_v1_UpdateClusterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_covey_v1_UpdateClusterResponse__Output>): grpc.ClientUnaryCall;
  UpdateCluster(argument: _covey_v1_UpdateClusterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_UpdateClusterResponse__Output>): grpc.ClientUnaryCall;
  UpdateCluster(argument: _covey_v1_UpdateClusterRequest, callback: grpc.requestCallback<_covey_v1_UpdateClusterResponse__Output>): grpc.ClientUnaryCall;
  updateCluster(argument: _covey_v1_UpdateClusterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_UpdateClusterResponse__Output>): grpc.ClientUnaryCall;
  updateCluster(argument: _covey_v1_UpdateClusterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_covey_v1_UpdateClusterResponse__Output>): grpc.ClientUnaryCall;
  updateCluster(argument: _covey_v1_UpdateClusterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_UpdateClusterResponse__Output>): grpc.ClientUnaryCall;
  updateCluster(argument: _covey_v1_UpdateClusterRequest, callback: grpc.requestCallback<_covey_v1_UpdateClusterResponse__Output>): grpc.ClientUnaryCall;
  
  UpdateNode(argument: _covey_v1_UpdateNodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_UpdateNodeResponse__Output>): grpc.ClientUnaryCall;
  UpdateNode(argument: _covey_v1_UpdateNodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_covey_v1_UpdateNodeResponse__Output>): grpc.ClientUnaryCall;
  UpdateNode(argument: _covey_v1_UpdateNodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_UpdateNodeResponse__Output>): grpc.ClientUnaryCall;
  UpdateNode(argument: _covey_v1_UpdateNodeRequest, callback: grpc.requestCallback<_covey_v1_UpdateNodeResponse__Output>): grpc.ClientUnaryCall;
  updateNode(argument: _covey_v1_UpdateNodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_UpdateNodeResponse__Output>): grpc.ClientUnaryCall;
  updateNode(argument: _covey_v1_UpdateNodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_covey_v1_UpdateNodeResponse__Output>): grpc.ClientUnaryCall;
  updateNode(argument: _covey_v1_UpdateNodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_UpdateNodeResponse__Output>): grpc.ClientUnaryCall;
  updateNode(argument: _covey_v1_UpdateNodeRequest, callback: grpc.requestCallback<_covey_v1_UpdateNodeResponse__Output>): grpc.ClientUnaryCall;
  
  UpdateService(argument: _covey_v1_UpdateServiceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_UpdateServiceResponse__Output>): grpc.ClientUnaryCall;
  UpdateService(argument: _covey_v1_UpdateServiceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_covey_v1_UpdateServiceResponse__Output>): grpc.ClientUnaryCall;
  UpdateService(argument: _covey_v1_UpdateServiceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_UpdateServiceResponse__Output>): grpc.ClientUnaryCall;
  UpdateService(argument: _covey_v1_UpdateServiceRequest, callback: grpc.requestCallback<_covey_v1_UpdateServiceResponse__Output>): grpc.ClientUnaryCall;
  updateService(argument: _covey_v1_UpdateServiceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_UpdateServiceResponse__Output>): grpc.ClientUnaryCall;
  updateService(argument: _covey_v1_UpdateServiceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_covey_v1_UpdateServiceResponse__Output>): grpc.ClientUnaryCall;
  updateService(argument: _covey_v1_UpdateServiceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_UpdateServiceResponse__Output>): grpc.ClientUnaryCall;
  updateService(argument: _covey_v1_UpdateServiceRequest, callback: grpc.requestCallback<_covey_v1_UpdateServiceResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface ControlServiceHandlers extends grpc.UntypedServiceImplementation {
  CreateService: grpc.handleUnaryCall<_covey_v1_CreateServiceRequest__Output, _covey_v1_CreateServiceResponse>;
  
  Events: grpc.handleServerStreamingCall<_covey_v1_EventsRequest__Output, _covey_v1_EventsResponse>;
  
  GetCluster: grpc.handleUnaryCall<_covey_v1_GetClusterRequest__Output, _covey_v1_GetClusterResponse>;
  
  GetNode: grpc.handleUnaryCall<_covey_v1_GetNodeRequest__Output, _covey_v1_GetNodeResponse>;
  
  GetService: grpc.handleUnaryCall<_covey_v1_GetServiceRequest__Output, _covey_v1_GetServiceResponse>;
  
  GetTask: grpc.handleUnaryCall<_covey_v1_GetTaskRequest__Output, _covey_v1_GetTaskResponse>;
  
  ListNodes: grpc.handleUnaryCall<_covey_v1_ListNodesRequest__Output, _covey_v1_ListNodesResponse>;
  
  ListServiceStatuses: grpc.handleUnaryCall<_covey_v1_ListServiceStatusesRequest__Output, _covey_v1_ListServiceStatusesResponse>;
  
  ListServices: grpc.handleUnaryCall<_covey_v1_ListServicesRequest__Output, _covey_v1_ListServicesResponse>;
  
  ListTasks: grpc.handleUnaryCall<_covey_v1_ListTasksRequest__Output, _covey_v1_ListTasksResponse>;
  
  RemoveNode: grpc.handleUnaryCall<_covey_v1_RemoveNodeRequest__Output, _covey_v1_RemoveNodeResponse>;
  
  RemoveService: grpc.handleUnaryCall<_covey_v1_RemoveServiceRequest__Output, _covey_v1_RemoveServiceResponse>;
  
  ServiceLogs: grpc.handleServerStreamingCall<_covey_v1_ServiceLogsRequest__Output, _covey_v1_ServiceLogsResponse>;
  
  UpdateCluster: grpc.handleUnaryCall<_covey_v1_UpdateClusterRequest__Output, _covey_v1_UpdateClusterResponse>;
  
  UpdateNode: grpc.handleUnaryCall<_covey_v1_UpdateNodeRequest__Output, _covey_v1_UpdateNodeResponse>;
  
  UpdateService: grpc.handleUnaryCall<_covey_v1_UpdateServiceRequest__Output, _covey_v1_UpdateServiceResponse>;
  
}

export interface ControlServiceDefinition extends grpc.ServiceDefinition {
  CreateService: MethodDefinition<_covey_v1_CreateServiceRequest, _covey_v1_CreateServiceResponse, _covey_v1_CreateServiceRequest__Output, _covey_v1_CreateServiceResponse__Output>
  Events: MethodDefinition<_covey_v1_EventsRequest, _covey_v1_EventsResponse, _covey_v1_EventsRequest__Output, _covey_v1_EventsResponse__Output>
  GetCluster: MethodDefinition<_covey_v1_GetClusterRequest, _covey_v1_GetClusterResponse, _covey_v1_GetClusterRequest__Output, _covey_v1_GetClusterResponse__Output>
  GetNode: MethodDefinition<_covey_v1_GetNodeRequest, _covey_v1_GetNodeResponse, _covey_v1_GetNodeRequest__Output, _covey_v1_GetNodeResponse__Output>
  GetService: MethodDefinition<_covey_v1_GetServiceRequest, _covey_v1_GetServiceResponse, _covey_v1_GetServiceRequest__Output, _covey_v1_GetServiceResponse__Output>
  GetTask: MethodDefinition<_covey_v1_GetTaskRequest, _covey_v1_GetTaskResponse, _covey_v1_GetTaskRequest__Output, _covey_v1_GetTaskResponse__Output>
  ListNodes: MethodDefinition<_covey_v1_ListNodesRequest, _covey_v1_ListNodesResponse, _covey_v1_ListNodesRequest__Output, _covey_v1_ListNodesResponse__Output>
  ListServiceStatuses: MethodDefinition<_covey_v1_ListServiceStatusesRequest, _covey_v1_ListServiceStatusesResponse, _covey_v1_ListServiceStatusesRequest__Output, _covey_v1_ListServiceStatusesResponse__Output>
  ListServices: MethodDefinition<_covey_v1_ListServicesRequest, _covey_v1_ListServicesResponse, _covey_v1_ListServicesRequest__Output, _covey_v1_ListServicesResponse__Output>
  ListTasks: MethodDefinition<_covey_v1_ListTasksRequest, _covey_v1_ListTasksResponse, _covey_v1_ListTasksRequest__Output, _covey_v1_ListTasksResponse__Output>
  RemoveNode: MethodDefinition<_covey_v1_RemoveNodeRequest, _covey_v1_RemoveNodeResponse, _covey_v1_RemoveNodeRequest__Output, _covey_v1_RemoveNodeResponse__Output>
  RemoveService: MethodDefinition<_covey_v1_RemoveServiceRequest, _covey_v1_RemoveServiceResponse, _covey_v1_RemoveServiceRequest__Output, _covey_v1_RemoveServiceResponse__Output>
  ServiceLogs: MethodDefinition<_covey_v1_ServiceLogsRequest, _covey_v1_ServiceLogsResponse, _covey_v1_ServiceLogsRequest__Output, _covey_v1_ServiceLogsResponse__Output>
  UpdateCluster: MethodDefinition<_covey_v1_UpdateClusterRequest, _covey_v1_UpdateClusterResponse, _covey_v1_UpdateClusterRequest__Output, _covey_v1_UpdateClusterResponse__Output>
  UpdateNode: MethodDefinition<_covey_v1_UpdateNodeRequest, _covey_v1_UpdateNodeResponse, _covey_v1_UpdateNodeRequest__Output, _covey_v1_UpdateNodeResponse__Output>
  UpdateService: MethodDefinition<_covey_v1_UpdateServiceRequest, _covey_v1_UpdateServiceResponse, _covey_v1_UpdateServiceRequest__Output, _covey_v1_UpdateServiceResponse__Output>
}
