// Original file: covey/v1/ca.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { GetRootCACertificateRequest as _covey_v1_GetRootCACertificateRequest, GetRootCACertificateRequest__Output as _covey_v1_GetRootCACertificateRequest__Output } from '../../covey/v1/GetRootCACertificateRequest.ts';
import type { GetRootCACertificateResponse as _covey_v1_GetRootCACertificateResponse, GetRootCACertificateResponse__Output as _covey_v1_GetRootCACertificateResponse__Output } from '../../covey/v1/GetRootCACertificateResponse.ts';
import type { IssueNodeCertificateRequest as _covey_v1_IssueNodeCertificateRequest, IssueNodeCertificateRequest__Output as _covey_v1_IssueNodeCertificateRequest__Output } from '../../covey/v1/IssueNodeCertificateRequest.ts';
import type { IssueNodeCertificateResponse as _covey_v1_IssueNodeCertificateResponse, IssueNodeCertificateResponse__Output as _covey_v1_IssueNodeCertificateResponse__Output } from '../../covey/v1/IssueNodeCertificateResponse.ts';
import type { RenewNodeCertificateRequest as _covey_v1_RenewNodeCertificateRequest, RenewNodeCertificateRequest__Output as _covey_v1_RenewNodeCertificateRequest__Output } from '../../covey/v1/RenewNodeCertificateRequest.ts';
import type { RenewNodeCertificateResponse as _covey_v1_RenewNodeCertificateResponse, RenewNodeCertificateResponse__Output as _covey_v1_RenewNodeCertificateResponse__Output } from '../../covey/v1/RenewNodeCertificateResponse.ts';

export interface CAServiceClient extends grpc.Client {
  GetRootCACertificate(argument: _covey_v1_GetRootCACertificateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_GetRootCACertificateResponse__Output>): grpc.ClientUnaryCall;
  GetRootCACertificate(argument: _covey_v1_GetRootCACertificateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_covey_v1_GetRootCACertificateResponse__Output>): grpc.ClientUnaryCall;
  GetRootCACertificate(argument: _covey_v1_GetRootCACertificateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_GetRootCACertificateResponse__Output>): grpc.ClientUnaryCall;
  GetRootCACertificate(argument: _covey_v1_GetRootCACertificateRequest, callback: grpc.requestCallback<_covey_v1_GetRootCACertificateResponse__Output>): grpc.ClientUnaryCall;
  getRootCaCertificate(argument: _covey_v1_GetRootCACertificateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_GetRootCACertificateResponse__Output>): grpc.ClientUnaryCall;
  getRootCaCertificate(argument: _covey_v1_GetRootCACertificateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_covey_v1_GetRootCACertificateResponse__Output>): grpc.ClientUnaryCall;
  getRootCaCertificate(argument: _covey_v1_GetRootCACertificateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_GetRootCACertificateResponse__Output>): grpc.ClientUnaryCall;
  getRootCaCertificate(argument: _covey_v1_GetRootCACertificateRequest, callback: grpc.requestCallback<_covey_v1_GetRootCACertificateResponse__Output>): grpc.ClientUnaryCall;
  
  IssueNodeCertificate(argument: _covey_v1_IssueNodeCertificateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_IssueNodeCertificateResponse__Output>): grpc.ClientUnaryCall;
  IssueNodeCertificate(argument: _covey_v1_IssueNodeCertificateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_covey_v1_IssueNodeCertificateResponse__Output>): grpc.ClientUnaryCall;
  IssueNodeCertificate(argument: _covey_v1_IssueNodeCertificateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_IssueNodeCertificateResponse__Output>): grpc.ClientUnaryCall;
  IssueNodeCertificate(argument: _covey_v1_IssueNodeCertificateRequest, callback: grpc.requestCallback<_covey_v1_IssueNodeCertificateResponse__Output>): grpc.ClientUnaryCall;
  issueNodeCertificate(argument: _covey_v1_IssueNodeCertificateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_IssueNodeCertificateResponse__Output>): grpc.ClientUnaryCall;
  issueNodeCertificate(argument: _covey_v1_IssueNodeCertificateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_covey_v1_IssueNodeCertificateResponse__Output>): grpc.ClientUnaryCall;
  issueNodeCertificate(argument: _covey_v1_IssueNodeCertificateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_IssueNodeCertificateResponse__Output>): grpc.ClientUnaryCall;
  issueNodeCertificate(argument: _covey_v1_IssueNodeCertificateRequest, callback: grpc.requestCallback<_covey_v1_IssueNodeCertificateResponse__Output>): grpc.ClientUnaryCall;
  
  RenewNodeCertificate(argument: _covey_v1_RenewNodeCertificateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_RenewNodeCertificateResponse__Output>): grpc.ClientUnaryCall;
  RenewNodeCertificate(argument: _covey_v1_RenewNodeCertificateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_covey_v1_RenewNodeCertificateResponse__Output>): grpc.ClientUnaryCall;
  RenewNodeCertificate(argument: _covey_v1_RenewNodeCertificateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_RenewNodeCertificateResponse__Output>): grpc.ClientUnaryCall;
  RenewNodeCertificate(argument: _covey_v1_RenewNodeCertificateRequest, callback: grpc.requestCallback<_covey_v1_RenewNodeCertificateResponse__Output>): grpc.ClientUnaryCall;
  renewNodeCertificate(argument: _covey_v1_RenewNodeCertificateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_RenewNodeCertificateResponse__Output>): grpc.ClientUnaryCall;
  renewNodeCertificate(argument: _covey_v1_RenewNodeCertificateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_covey_v1_RenewNodeCertificateResponse__Output>): grpc.ClientUnaryCall;
  renewNodeCertificate(argument: _covey_v1_RenewNodeCertificateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_covey_v1_RenewNodeCertificateResponse__Output>): grpc.ClientUnaryCall;
  renewNodeCertificate(argument: _covey_v1_RenewNodeCertificateRequest, callback: grpc.requestCallback<_covey_v1_RenewNodeCertificateResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface CAServiceHandlers extends grpc.UntypedServiceImplementation {
  GetRootCACertificate: grpc.handleUnaryCall<_covey_v1_GetRootCACertificateRequest__Output, _covey_v1_GetRootCACertificateResponse>;
  
  IssueNodeCertificate: grpc.handleUnaryCall<_covey_v1_IssueNodeCertificateRequest__Output, _covey_v1_IssueNodeCertificateResponse>;
  
  RenewNodeCertificate: grpc.handleUnaryCall<_covey_v1_RenewNodeCertificateRequest__Output, _covey_v1_RenewNodeCertificateResponse>;
  
}

export interface CAServiceDefinition extends grpc.ServiceDefinition {
  GetRootCACertificate: MethodDefinition<_covey_v1_GetRootCACertificateRequest, _covey_v1_GetRootCACertificateResponse, _covey_v1_GetRootCACertificateRequest__Output, _covey_v1_GetRootCACertificateResponse__Output>
  IssueNodeCertificate: MethodDefinition<_covey_v1_IssueNodeCertificateRequest, _covey_v1_IssueNodeCertificateResponse, _covey_v1_IssueNodeCertificateRequest__Output, _covey_v1_IssueNodeCertificateResponse__Output>
  RenewNodeCertificate: MethodDefinition<_covey_v1_RenewNodeCertificateRequest, _covey_v1_RenewNodeCertificateResponse, _covey_v1_RenewNodeCertificateRequest__Output, _covey_v1_RenewNodeCertificateResponse__Output>
}
