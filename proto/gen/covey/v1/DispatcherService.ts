// Original file: covey/v1/dispatcher.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AssignmentsMessage as _covey_v1_AssignmentsMessage, AssignmentsMessage__Output as _covey_v1_AssignmentsMessage__Output } from '../../covey/v1/AssignmentsMessage.ts';
import type { AssignmentsRequest as _covey_v1_AssignmentsRequest, AssignmentsRequest__Output as _covey_v1_AssignmentsRequest__Output } from '../../covey/v1/AssignmentsRequest.ts';
import type { HeartbeatRequest as _covey_v1_HeartbeatRequest, HeartbeatRequest__Output as _covey_v1_HeartbeatRequest__Output } from '../../covey/v1/HeartbeatRequest.ts';
import type { HeartbeatResponse as _covey_v1_HeartbeatResponse, HeartbeatResponse__Output as _covey_v1_HeartbeatResponse__Output } from '../../covey/v1/HeartbeatResponse.ts';
import type { PublishLogsRequest as _covey_v1_PublishLogsRequest, PublishLogsRequest__Output as _covey_v1_PublishLogsRequest__Output } from '../../covey/v1/PublishLogsRequest.ts';
import type { PublishLogsResponse as _covey_v1_PublishLogsResponse, PublishLogsResponse__Output as _covey_v1_PublishLogsResponse__Output } from '../../covey/v1/PublishLogsResponse.ts';
import type { SessionMessage as _covey_v1_SessionMessage, SessionMessage__Output as _covey_v1_SessionMessage__Output } from '../../covey/v1/SessionMessage.ts';
import type { SessionRequest as _covey_v1_SessionRequest, SessionRequest__Output as _covey_v1_SessionRequest__Output } from '../../covey/v1/SessionRequest.ts';
import type { UpdateTaskStatusRequest as _covey_v1_UpdateTaskStatusRequest, UpdateTaskStatusRequest__Output as _covey_v1_UpdateTaskStatusRequest__Output } from '../../covey/v1/UpdateTaskStatusRequest.ts';
import type { UpdateTaskStatusResponse as _covey_v1_UpdateTaskStatusResponse, UpdateTaskStatusResponse__Output as _covey_v1_UpdateTaskStatusResponse__Output } from '../../covey/v1/UpdateTaskStatusResponse.ts';

export interface DispatcherServiceClient extends grpc.Client {
  Assignments(argument: _covey_v1_AssignmentsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_covey_v1_AssignmentsMessage__Output>;
  Assignments(argument: _covey_v1_AssignmentsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_covey_v1_AssignmentsMessage__Output>;
  assignments(argument: _covey_v1_AssignmentsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_covey_v1_AssignmentsMessage__Output>;
  assignments(argument: _covey_v1_AssignmentsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_covey_v1_AssignmentsMessage__Output>;
  
  Heartbeat(argument: _covey_v1_HeartbeatRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _covey_v1_HeartbeatRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_covey_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _covey_v1_HeartbeatRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _covey_v1_HeartbeatRequest, callback: grpc.requestCallback<_covey_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _covey_v1_HeartbeatRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _covey_v1_HeartbeatRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_covey_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _covey_v1_HeartbeatRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _covey_v1_HeartbeatRequest, callback: grpc.requestCallback<_covey_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  
  PublishLogs(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_PublishLogsResponse__Output>): grpc.ClientWritableStream<_covey_v1_PublishLogsRequest>;
  PublishLogs(metadata: grpc.Metadata, callback: grpc.requestCallback<_covey_v1_PublishLogsResponse__Output>): grpc.ClientWritableStream<_covey_v1_PublishLogsRequest>;
  PublishLogs(options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_PublishLogsResponse__Output>): grpc.ClientWritableStream<_covey_v1_PublishLogsRequest>;
  PublishLogs(callback: grpc.requestCallback<_covey_v1_PublishLogsResponse__Output>): grpc.ClientWritableStream<_covey_v1_PublishLogsRequest>;
  publishLogs(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_PublishLogsResponse__Output>): grpc.ClientWritableStream<_covey_v1_PublishLogsRequest>;
  publishLogs(metadata: grpc.Metadata, callback: grpc.requestCallback<_covey_v1_PublishLogsResponse__Output>): grpc.ClientWritableStream<_covey_v1_PublishLogsRequest>;
  publishLogs(options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_PublishLogsResponse__Output>): grpc.ClientWritableStream<_covey_v1_PublishLogsRequest>;
  publishLogs(callback: grpc.requestCallback<_covey_v1_PublishLogsResponse__Output>): grpc.ClientWritableStream<_covey_v1_PublishLogsRequest>;
  
  Session(argument: _covey_v1_SessionRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_covey_v1_SessionMessage__Output>;
  Session(argument: _covey_v1_SessionRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_covey_v1_SessionMessage__Output>;
  session(argument: _covey_v1_SessionRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_covey_v1_SessionMessage__Output>;
  session(argument: _covey_v1_SessionRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_covey_v1_SessionMessage__Output>;
  
  UpdateTaskStatus(argument: _covey_v1_UpdateTaskStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_UpdateTaskStatusResponse__Output>): grpc.ClientUnaryCall;
  UpdateTaskStatus(argument: _covey_v1_UpdateTaskStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_covey_v1_UpdateTaskStatusResponse__Output>): grpc.ClientUnaryCall;
  UpdateTaskStatus(argument: _covey_v1_UpdateTaskStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_UpdateTaskStatusResponse__Output>): grpc.ClientUnaryCall;
  UpdateTaskStatus(argument: _covey_v1_UpdateTaskStatusRequest, callback: grpc.requestCallback<_covey_v1_UpdateTaskStatusResponse__Output>): grpc.ClientUnaryCall;
  updateTaskStatus(argument: _covey_v1_UpdateTaskStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_UpdateTaskStatusResponse__Output>): grpc.ClientUnaryCall;
  updateTaskStatus(argument: _covey_v1_UpdateTaskStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_covey_v1_UpdateTaskStatusResponse__Output>): grpc.ClientUnaryCall;
  updateTaskStatus(argument: _covey_v1_UpdateTaskStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_UpdateTaskStatusResponse__Output>): grpc.ClientUnaryCall;
  updateTaskStatus(argument: _covey_v1_UpdateTaskStatusRequest, callback: grpc.requestCallback<_covey_v1_UpdateTaskStatusResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface DispatcherServiceHandlers extends grpc.UntypedServiceImplementation {
  Assignments: grpc.handleServerStreamingCall<_covey_v1_AssignmentsRequest__Output, _covey_v1_AssignmentsMessage>;
  
  Heartbeat: grpc.handleUnaryCall<_covey_v1_HeartbeatRequest__Output, _covey_v1_HeartbeatResponse>;
  
  PublishLogs: grpc.handleClientStreamingCall<_covey_v1_PublishLogsRequest__Output, _covey_v1_PublishLogsResponse>;
  
  Session: grpc.handleServerStreamingCall<_covey_v1_SessionRequest__Output, _covey_v1_SessionMessage>;
  
  UpdateTaskStatus: grpc.handleUnaryCall<_covey_v1_UpdateTaskStatusRequest__Output, _covey_v1_UpdateTaskStatusResponse>;
  
}

export interface DispatcherServiceDefinition extends grpc.ServiceDefinition {
  Assignments: MethodDefinition<_covey_v1_AssignmentsRequest, _covey_v1_AssignmentsMessage, _covey_v1_AssignmentsRequest__Output, _covey_v1_AssignmentsMessage__Output>
  Heartbeat: MethodDefinition<_covey_v1_HeartbeatRequest, _covey_v1_HeartbeatResponse, _covey_v1_HeartbeatRequest__Output, _covey_v1_HeartbeatResponse__Output>
  PublishLogs: MethodDefinition<_covey_v1_PublishLogsRequest, _covey_v1_PublishLogsResponse, _covey_v1_PublishLogsRequest__Output, _covey_v1_PublishLogsResponse__Output>
  Session: MethodDefinition<_covey_v1_SessionRequest, _covey_v1_SessionMessage, _covey_v1_SessionRequest__Output, _covey_v1_SessionMessage__Output>
  UpdateTaskStatus: MethodDefinition<_covey_v1_UpdateTaskStatusRequest, _covey_v1_UpdateTaskStatusResponse, _covey_v1_UpdateTaskStatusRequest__Output, _covey_v1_UpdateTaskStatusResponse__Output>
}
