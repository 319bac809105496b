// Original file: covey/v1/raft.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { RaftBatch as _covey_v1_RaftBatch, RaftBatch__Output as _covey_v1_RaftBatch__Output } from '../../covey/v1/RaftBatch.ts';
import type { StreamAck as _covey_v1_StreamAck, StreamAck__Output as _covey_v1_StreamAck__Output } from '../../covey/v1/StreamAck.ts';

export interface RaftServiceClient extends grpc.Client {
  Stream(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_StreamAck__Output>): grpc.ClientWritableStream<_covey_v1_RaftBatch>;
  Stream(metadata: grpc.Metadata, callback: grpc.requestCallback<_covey_v1_StreamAck__Output>): grpc.ClientWritableStream<_covey_v1_RaftBatch>;
  Stream(options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_StreamAck__Output>): grpc.ClientWritableStream<_covey_v1_RaftBatch>;
  Stream(callback: grpc.requestCallback<_covey_v1_StreamAck__Output>): grpc.ClientWritableStream<_covey_v1_RaftBatch>;
  stream(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_StreamAck__Output>): grpc.ClientWritableStream<_covey_v1_RaftBatch>;
  stream(metadata: grpc.Metadata, callback: grpc.requestCallback<_covey_v1_StreamAck__Output>): grpc.ClientWritableStream<_covey_v1_RaftBatch>;
  stream(options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_StreamAck__Output>): grpc.ClientWritableStream<_covey_v1_RaftBatch>;
  stream(callback: grpc.requestCallback<_covey_v1_StreamAck__Output>): grpc.ClientWritableStream<_covey_v1_RaftBatch>;
  
}

export interface RaftServiceHandlers extends grpc.UntypedServiceImplementation {
  Stream: grpc.handleClientStreamingCall<_covey_v1_RaftBatch__Output, _covey_v1_StreamAck>;
  
}

export interface RaftServiceDefinition extends grpc.ServiceDefinition {
  Stream: MethodDefinition<_covey_v1_RaftBatch, _covey_v1_StreamAck, _covey_v1_RaftBatch__Output, _covey_v1_StreamAck__Output>
}
