// Original file: covey/v1/raft.proto

import type { RaftAppend as _covey_v1_RaftAppend, RaftAppend__Output as _covey_v1_RaftAppend__Output } from '../../covey/v1/RaftAppend.ts';
import type { RaftAppendResponse as _covey_v1_RaftAppendResponse, RaftAppendResponse__Output as _covey_v1_RaftAppendResponse__Output } from '../../covey/v1/RaftAppendResponse.ts';
import type { RaftVote as _covey_v1_RaftVote, RaftVote__Output as _covey_v1_RaftVote__Output } from '../../covey/v1/RaftVote.ts';
import type { RaftVoteResponse as _covey_v1_RaftVoteResponse, RaftVoteResponse__Output as _covey_v1_RaftVoteResponse__Output } from '../../covey/v1/RaftVoteResponse.ts';
import type { RaftHeartbeat as _covey_v1_RaftHeartbeat, RaftHeartbeat__Output as _covey_v1_RaftHeartbeat__Output } from '../../covey/v1/RaftHeartbeat.ts';
import type { RaftHeartbeatResponse as _covey_v1_RaftHeartbeatResponse, RaftHeartbeatResponse__Output as _covey_v1_RaftHeartbeatResponse__Output } from '../../covey/v1/RaftHeartbeatResponse.ts';
import type { RaftSnapshotChunk as _covey_v1_RaftSnapshotChunk, RaftSnapshotChunk__Output as _covey_v1_RaftSnapshotChunk__Output } from '../../covey/v1/RaftSnapshotChunk.ts';
import type { RaftSnapshotResponse as _covey_v1_RaftSnapshotResponse, RaftSnapshotResponse__Output as _covey_v1_RaftSnapshotResponse__Output } from '../../covey/v1/RaftSnapshotResponse.ts';
import type { RaftTimeoutNow as _covey_v1_RaftTimeoutNow, RaftTimeoutNow__Output as _covey_v1_RaftTimeoutNow__Output } from '../../covey/v1/RaftTimeoutNow.ts';
import type { RaftTransferLeader as _covey_v1_RaftTransferLeader, RaftTransferLeader__Output as _covey_v1_RaftTransferLeader__Output } from '../../covey/v1/RaftTransferLeader.ts';
import type { RaftReadIndex as _covey_v1_RaftReadIndex, RaftReadIndex__Output as _covey_v1_RaftReadIndex__Output } from '../../covey/v1/RaftReadIndex.ts';
import type { RaftReadIndexResponse as _covey_v1_RaftReadIndexResponse, RaftReadIndexResponse__Output as _covey_v1_RaftReadIndexResponse__Output } from '../../covey/v1/RaftReadIndexResponse.ts';
import type { Long } from '@grpc/proto-loader';

export interface RaftMessage {
  'from'?: (string);
  'to'?: (string);
  'term'?: (number | string | Long);
  'app'?: (_covey_v1_RaftAppend | null);
  'appResp'?: (_covey_v1_RaftAppendResponse | null);
  'vote'?: (_covey_v1_RaftVote | null);
  'voteResp'?: (_covey_v1_RaftVoteResponse | null);
  'preVote'?: (_covey_v1_RaftVote | null);
  'preVoteResp'?: (_covey_v1_RaftVoteResponse | null);
  'heartbeat'?: (_covey_v1_RaftHeartbeat | null);
  'heartbeatResp'?: (_covey_v1_RaftHeartbeatResponse | null);
  'snap'?: (_covey_v1_RaftSnapshotChunk | null);
  'snapResp'?: (_covey_v1_RaftSnapshotResponse | null);
  'timeoutNow'?: (_covey_v1_RaftTimeoutNow | null);
  'transferLeader'?: (_covey_v1_RaftTransferLeader | null);
  'readIndex'?: (_covey_v1_RaftReadIndex | null);
  'readIndexResp'?: (_covey_v1_RaftReadIndexResponse | null);
  'body'?: "app"|"appResp"|"vote"|"voteResp"|"preVote"|"preVoteResp"|"heartbeat"|"heartbeatResp"|"snap"|"snapResp"|"timeoutNow"|"transferLeader"|"readIndex"|"readIndexResp";
}

export interface RaftMessage__Output {
  'from': (string);
  'to': (string);
  'term': (number);
  'app'?: (_covey_v1_RaftAppend__Output | null);
  'appResp'?: (_covey_v1_RaftAppendResponse__Output | null);
  'vote'?: (_covey_v1_RaftVote__Output | null);
  'voteResp'?: (_covey_v1_RaftVoteResponse__Output | null);
  'preVote'?: (_covey_v1_RaftVote__Output | null);
  'preVoteResp'?: (_covey_v1_RaftVoteResponse__Output | null);
  'heartbeat'?: (_covey_v1_RaftHeartbeat__Output | null);
  'heartbeatResp'?: (_covey_v1_RaftHeartbeatResponse__Output | null);
  'snap'?: (_covey_v1_RaftSnapshotChunk__Output | null);
  'snapResp'?: (_covey_v1_RaftSnapshotResponse__Output | null);
  'timeoutNow'?: (_covey_v1_RaftTimeoutNow__Output | null);
  'transferLeader'?: (_covey_v1_RaftTransferLeader__Output | null);
  'readIndex'?: (_covey_v1_RaftReadIndex__Output | null);
  'readIndexResp'?: (_covey_v1_RaftReadIndexResponse__Output | null);
  'body'?: "app"|"appResp"|"vote"|"voteResp"|"preVote"|"preVoteResp"|"heartbeat"|"heartbeatResp"|"snap"|"snapResp"|"timeoutNow"|"transferLeader"|"readIndex"|"readIndexResp";
}
