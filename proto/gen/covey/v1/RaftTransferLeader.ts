// Original file: covey/v1/raft.proto


export interface RaftTransferLeader {
  'target'?: (string);
}

export interface RaftTransferLeader__Output {
  'target': (string);
}
