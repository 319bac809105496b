import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { RaftAppend as _covey_v1_RaftAppend, RaftAppend__Output as _covey_v1_RaftAppend__Output } from './covey/v1/RaftAppend.ts';
import type { RaftAppendResponse as _covey_v1_RaftAppendResponse, RaftAppendResponse__Output as _covey_v1_RaftAppendResponse__Output } from './covey/v1/RaftAppendResponse.ts';
import type { RaftBatch as _covey_v1_RaftBatch, RaftBatch__Output as _covey_v1_RaftBatch__Output } from './covey/v1/RaftBatch.ts';
import type { RaftConfState as _covey_v1_RaftConfState, RaftConfState__Output as _covey_v1_RaftConfState__Output } from './covey/v1/RaftConfState.ts';
import type { RaftEntry as _covey_v1_RaftEntry, RaftEntry__Output as _covey_v1_RaftEntry__Output } from './covey/v1/RaftEntry.ts';
import type { RaftHeartbeat as _covey_v1_RaftHeartbeat, RaftHeartbeat__Output as _covey_v1_RaftHeartbeat__Output } from './covey/v1/RaftHeartbeat.ts';
import type { RaftHeartbeatResponse as _covey_v1_RaftHeartbeatResponse, RaftHeartbeatResponse__Output as _covey_v1_RaftHeartbeatResponse__Output } from './covey/v1/RaftHeartbeatResponse.ts';
import type { RaftJoinRequest as _covey_v1_RaftJoinRequest, RaftJoinRequest__Output as _covey_v1_RaftJoinRequest__Output } from './covey/v1/RaftJoinRequest.ts';
import type { RaftJoinResponse as _covey_v1_RaftJoinResponse, RaftJoinResponse__Output as _covey_v1_RaftJoinResponse__Output } from './covey/v1/RaftJoinResponse.ts';
import type { RaftMember as _covey_v1_RaftMember, RaftMember__Output as _covey_v1_RaftMember__Output } from './covey/v1/RaftMember.ts';
import type { RaftMembershipClient as _covey_v1_RaftMembershipClient, RaftMembershipDefinition as _covey_v1_RaftMembershipDefinition } from './covey/v1/RaftMembership.ts';
import type { RaftMessage as _covey_v1_RaftMessage, RaftMessage__Output as _covey_v1_RaftMessage__Output } from './covey/v1/RaftMessage.ts';
import type { RaftReadIndex as _covey_v1_RaftReadIndex, RaftReadIndex__Output as _covey_v1_RaftReadIndex__Output } from './covey/v1/RaftReadIndex.ts';
import type { RaftReadIndexResponse as _covey_v1_RaftReadIndexResponse, RaftReadIndexResponse__Output as _covey_v1_RaftReadIndexResponse__Output } from './covey/v1/RaftReadIndexResponse.ts';
import type { RaftServiceClient as _covey_v1_RaftServiceClient, RaftServiceDefinition as _covey_v1_RaftServiceDefinition } from './covey/v1/RaftService.ts';
import type { RaftSnapshotChunk as _covey_v1_RaftSnapshotChunk, RaftSnapshotChunk__Output as _covey_v1_RaftSnapshotChunk__Output } from './covey/v1/RaftSnapshotChunk.ts';
import type { RaftSnapshotMeta as _covey_v1_RaftSnapshotMeta, RaftSnapshotMeta__Output as _covey_v1_RaftSnapshotMeta__Output } from './covey/v1/RaftSnapshotMeta.ts';
import type { RaftSnapshotResponse as _covey_v1_RaftSnapshotResponse, RaftSnapshotResponse__Output as _covey_v1_RaftSnapshotResponse__Output } from './covey/v1/RaftSnapshotResponse.ts';
import type { RaftTimeoutNow as _covey_v1_RaftTimeoutNow, RaftTimeoutNow__Output as _covey_v1_RaftTimeoutNow__Output } from './covey/v1/RaftTimeoutNow.ts';
import type { RaftTransferLeader as _covey_v1_RaftTransferLeader, RaftTransferLeader__Output as _covey_v1_RaftTransferLeader__Output } from './covey/v1/RaftTransferLeader.ts';
import type { RaftVote as _covey_v1_RaftVote, RaftVote__Output as _covey_v1_RaftVote__Output } from './covey/v1/RaftVote.ts';
import type { RaftVoteResponse as _covey_v1_RaftVoteResponse, RaftVoteResponse__Output as _covey_v1_RaftVoteResponse__Output } from './covey/v1/RaftVoteResponse.ts';
import type { StreamAck as _covey_v1_StreamAck, StreamAck__Output as _covey_v1_StreamAck__Output } from './covey/v1/StreamAck.ts';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  covey: {
    v1: {
      RaftAppend: MessageTypeDefinition<_covey_v1_RaftAppend, _covey_v1_RaftAppend__Output>
      RaftAppendResponse: MessageTypeDefinition<_covey_v1_RaftAppendResponse, _covey_v1_RaftAppendResponse__Output>
      RaftBatch: MessageTypeDefinition<_covey_v1_RaftBatch, _covey_v1_RaftBatch__Output>
      RaftConfState: MessageTypeDefinition<_covey_v1_RaftConfState, _covey_v1_RaftConfState__Output>
      RaftEntry: MessageTypeDefinition<_covey_v1_RaftEntry, _covey_v1_RaftEntry__Output>
      RaftEntryType: EnumTypeDefinition
      RaftHeartbeat: MessageTypeDefinition<_covey_v1_RaftHeartbeat, _covey_v1_RaftHeartbeat__Output>
      RaftHeartbeatResponse: MessageTypeDefinition<_covey_v1_RaftHeartbeatResponse, _covey_v1_RaftHeartbeatResponse__Output>
      RaftJoinRequest: MessageTypeDefinition<_covey_v1_RaftJoinRequest, _covey_v1_RaftJoinRequest__Output>
      RaftJoinResponse: MessageTypeDefinition<_covey_v1_RaftJoinResponse, _covey_v1_RaftJoinResponse__Output>
      RaftMember: MessageTypeDefinition<_covey_v1_RaftMember, _covey_v1_RaftMember__Output>
      RaftMembership: SubtypeConstructor<typeof grpc.Client, _covey_v1_RaftMembershipClient> & { service: _covey_v1_RaftMembershipDefinition }
      RaftMessage: MessageTypeDefinition<_covey_v1_RaftMessage, _covey_v1_RaftMessage__Output>
      RaftReadIndex: MessageTypeDefinition<_covey_v1_RaftReadIndex, _covey_v1_RaftReadIndex__Output>
      RaftReadIndexResponse: MessageTypeDefinition<_covey_v1_RaftReadIndexResponse, _covey_v1_RaftReadIndexResponse__Output>
      RaftService: SubtypeConstructor<typeof grpc.Client, _covey_v1_RaftServiceClient> & { service: _covey_v1_RaftServiceDefinition }
      RaftSnapshotChunk: MessageTypeDefinition<_covey_v1_RaftSnapshotChunk, _covey_v1_RaftSnapshotChunk__Output>
      RaftSnapshotMeta: MessageTypeDefinition<_covey_v1_RaftSnapshotMeta, _covey_v1_RaftSnapshotMeta__Output>
      RaftSnapshotResponse: MessageTypeDefinition<_covey_v1_RaftSnapshotResponse, _covey_v1_RaftSnapshotResponse__Output>
      RaftTimeoutNow: MessageTypeDefinition<_covey_v1_RaftTimeoutNow, _covey_v1_RaftTimeoutNow__Output>
      RaftTransferLeader: MessageTypeDefinition<_covey_v1_RaftTransferLeader, _covey_v1_RaftTransferLeader__Output>
      RaftVote: MessageTypeDefinition<_covey_v1_RaftVote, _covey_v1_RaftVote__Output>
      RaftVoteResponse: MessageTypeDefinition<_covey_v1_RaftVoteResponse, _covey_v1_RaftVoteResponse__Output>
      StreamAck: MessageTypeDefinition<_covey_v1_StreamAck, _covey_v1_StreamAck__Output>
    }
  }
}

