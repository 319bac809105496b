// Original file: covey/v1/raft.proto

import type { RaftMember as _covey_v1_RaftMember, RaftMember__Output as _covey_v1_RaftMember__Output } from '../../covey/v1/RaftMember.ts';

export interface RaftJoinResponse {
  'members'?: (_covey_v1_RaftMember)[];
}

export interface RaftJoinResponse__Output {
  'members': (_covey_v1_RaftMember__Output)[];
}
