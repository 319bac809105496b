import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Annotations as _covey_v1_Annotations, Annotations__Output as _covey_v1_Annotations__Output } from './covey/v1/Annotations.ts';
import type { CAServiceClient as _covey_v1_CAServiceClient, CAServiceDefinition as _covey_v1_CAServiceDefinition } from './covey/v1/CAService.ts';
import type { GetRootCACertificateRequest as _covey_v1_GetRootCACertificateRequest, GetRootCACertificateRequest__Output as _covey_v1_GetRootCACertificateRequest__Output } from './covey/v1/GetRootCACertificateRequest.ts';
import type { GetRootCACertificateResponse as _covey_v1_GetRootCACertificateResponse, GetRootCACertificateResponse__Output as _covey_v1_GetRootCACertificateResponse__Output } from './covey/v1/GetRootCACertificateResponse.ts';
import type { IssueNodeCertificateRequest as _covey_v1_IssueNodeCertificateRequest, IssueNodeCertificateRequest__Output as _covey_v1_IssueNodeCertificateRequest__Output } from './covey/v1/IssueNodeCertificateRequest.ts';
import type { IssueNodeCertificateResponse as _covey_v1_IssueNodeCertificateResponse, IssueNodeCertificateResponse__Output as _covey_v1_IssueNodeCertificateResponse__Output } from './covey/v1/IssueNodeCertificateResponse.ts';
import type { LogContext as _covey_v1_LogContext, LogContext__Output as _covey_v1_LogContext__Output } from './covey/v1/LogContext.ts';
import type { LogMessage as _covey_v1_LogMessage, LogMessage__Output as _covey_v1_LogMessage__Output } from './covey/v1/LogMessage.ts';
import type { Meta as _covey_v1_Meta, Meta__Output as _covey_v1_Meta__Output } from './covey/v1/Meta.ts';
import type { Platform as _covey_v1_Platform, Platform__Output as _covey_v1_Platform__Output } from './covey/v1/Platform.ts';
import type { RenewNodeCertificateRequest as _covey_v1_RenewNodeCertificateRequest, RenewNodeCertificateRequest__Output as _covey_v1_RenewNodeCertificateRequest__Output } from './covey/v1/RenewNodeCertificateRequest.ts';
import type { RenewNodeCertificateResponse as _covey_v1_RenewNodeCertificateResponse, RenewNodeCertificateResponse__Output as _covey_v1_RenewNodeCertificateResponse__Output } from './covey/v1/RenewNodeCertificateResponse.ts';
import type { Resources as _covey_v1_Resources, Resources__Output as _covey_v1_Resources__Output } from './covey/v1/Resources.ts';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp.ts';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  covey: {
    v1: {
      Annotations: MessageTypeDefinition<_covey_v1_Annotations, _covey_v1_Annotations__Output>
      CAService: SubtypeConstructor<typeof grpc.Client, _covey_v1_CAServiceClient> & { service: _covey_v1_CAServiceDefinition }
      GetRootCACertificateRequest: MessageTypeDefinition<_covey_v1_GetRootCACertificateRequest, _covey_v1_GetRootCACertificateRequest__Output>
      GetRootCACertificateResponse: MessageTypeDefinition<_covey_v1_GetRootCACertificateResponse, _covey_v1_GetRootCACertificateResponse__Output>
      IssueNodeCertificateRequest: MessageTypeDefinition<_covey_v1_IssueNodeCertificateRequest, _covey_v1_IssueNodeCertificateRequest__Output>
      IssueNodeCertificateResponse: MessageTypeDefinition<_covey_v1_IssueNodeCertificateResponse, _covey_v1_IssueNodeCertificateResponse__Output>
      LogContext: MessageTypeDefinition<_covey_v1_LogContext, _covey_v1_LogContext__Output>
      LogMessage: MessageTypeDefinition<_covey_v1_LogMessage, _covey_v1_LogMessage__Output>
      LogStream: EnumTypeDefinition
      Meta: MessageTypeDefinition<_covey_v1_Meta, _covey_v1_Meta__Output>
      NodeAvailability: EnumTypeDefinition
      NodeRole: EnumTypeDefinition
      NodeState: EnumTypeDefinition
      Platform: MessageTypeDefinition<_covey_v1_Platform, _covey_v1_Platform__Output>
      Reachability: EnumTypeDefinition
      RenewNodeCertificateRequest: MessageTypeDefinition<_covey_v1_RenewNodeCertificateRequest, _covey_v1_RenewNodeCertificateRequest__Output>
      RenewNodeCertificateResponse: MessageTypeDefinition<_covey_v1_RenewNodeCertificateResponse, _covey_v1_RenewNodeCertificateResponse__Output>
      Resources: MessageTypeDefinition<_covey_v1_Resources, _covey_v1_Resources__Output>
      RuntimeKind: EnumTypeDefinition
      TaskHealth: EnumTypeDefinition
      TaskState: EnumTypeDefinition
      UpdateState: EnumTypeDefinition
    }
  }
  google: {
    protobuf: {
      Timestamp: MessageTypeDefinition<_google_protobuf_Timestamp, _google_protobuf_Timestamp__Output>
    }
  }
}

