import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Annotations as _covey_v1_Annotations, Annotations__Output as _covey_v1_Annotations__Output } from './covey/v1/Annotations.ts';
import type { LogContext as _covey_v1_LogContext, LogContext__Output as _covey_v1_LogContext__Output } from './covey/v1/LogContext.ts';
import type { LogMessage as _covey_v1_LogMessage, LogMessage__Output as _covey_v1_LogMessage__Output } from './covey/v1/LogMessage.ts';
import type { Meta as _covey_v1_Meta, Meta__Output as _covey_v1_Meta__Output } from './covey/v1/Meta.ts';
import type { Platform as _covey_v1_Platform, Platform__Output as _covey_v1_Platform__Output } from './covey/v1/Platform.ts';
import type { Resources as _covey_v1_Resources, Resources__Output as _covey_v1_Resources__Output } from './covey/v1/Resources.ts';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp.ts';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  covey: {
    v1: {
      Annotations: MessageTypeDefinition<_covey_v1_Annotations, _covey_v1_Annotations__Output>
      LogContext: MessageTypeDefinition<_covey_v1_LogContext, _covey_v1_LogContext__Output>
      LogMessage: MessageTypeDefinition<_covey_v1_LogMessage, _covey_v1_LogMessage__Output>
      LogStream: EnumTypeDefinition
      Meta: MessageTypeDefinition<_covey_v1_Meta, _covey_v1_Meta__Output>
      NodeAvailability: EnumTypeDefinition
      NodeRole: EnumTypeDefinition
      NodeState: EnumTypeDefinition
      Platform: MessageTypeDefinition<_covey_v1_Platform, _covey_v1_Platform__Output>
      Reachability: EnumTypeDefinition
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

