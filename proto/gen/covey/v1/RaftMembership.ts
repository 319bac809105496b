// Original file: covey/v1/raft.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { RaftJoinRequest as _covey_v1_RaftJoinRequest, RaftJoinRequest__Output as _covey_v1_RaftJoinRequest__Output } from '../../covey/v1/RaftJoinRequest.ts';
import type { RaftJoinResponse as _covey_v1_RaftJoinResponse, RaftJoinResponse__Output as _covey_v1_RaftJoinResponse__Output } from '../../covey/v1/RaftJoinResponse.ts';

export interface RaftMembershipClient extends grpc.Client {
  Join(argument: _covey_v1_RaftJoinRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_RaftJoinResponse__Output>): grpc.ClientUnaryCall;
  Join(argument: _covey_v1_RaftJoinRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_covey_v1_RaftJoinResponse__Output>): grpc.ClientUnaryCall;
  Join(argument: _covey_v1_RaftJoinRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_RaftJoinResponse__Output>): grpc.ClientUnaryCall;
  Join(argument: _covey_v1_RaftJoinRequest, callback: grpc.requestCallback<_covey_v1_RaftJoinResponse__Output>): grpc.ClientUnaryCall;
  join(argument: _covey_v1_RaftJoinRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_RaftJoinResponse__Output>): grpc.ClientUnaryCall;
  join(argument: _covey_v1_RaftJoinRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_covey_v1_RaftJoinResponse__Output>): grpc.ClientUnaryCall;
  join(argument: _covey_v1_RaftJoinRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_RaftJoinResponse__Output>): grpc.ClientUnaryCall;
  join(argument: _covey_v1_RaftJoinRequest, callback: grpc.requestCallback<_covey_v1_RaftJoinResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface RaftMembershipHandlers extends grpc.UntypedServiceImplementation {
  Join: grpc.handleUnaryCall<_covey_v1_RaftJoinRequest__Output, _covey_v1_RaftJoinResponse>;
  
}

export interface RaftMembershipDefinition extends grpc.ServiceDefinition {
  Join: MethodDefinition<_covey_v1_RaftJoinRequest, _covey_v1_RaftJoinResponse, _covey_v1_RaftJoinRequest__Output, _covey_v1_RaftJoinResponse__Output>
}
