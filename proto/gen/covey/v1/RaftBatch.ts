// Original file: covey/v1/raft.proto

import type { RaftMessage as _covey_v1_RaftMessage, RaftMessage__Output as _covey_v1_RaftMessage__Output } from '../../covey/v1/RaftMessage.ts';

export interface RaftBatch {
  'messages'?: (_covey_v1_RaftMessage)[];
}

export interface RaftBatch__Output {
  'messages': (_covey_v1_RaftMessage__Output)[];
}
