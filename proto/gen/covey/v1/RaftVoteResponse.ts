// Original file: covey/v1/raft.proto


export interface RaftVoteResponse {
  'reject'?: (boolean);
}

export interface RaftVoteResponse__Output {
  'reject': (boolean);
}
