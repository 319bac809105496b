// Original file: covey/v1/raft.proto


export interface RaftMember {
  'nodeId'?: (string);
  'addr'?: (string);
}

export interface RaftMember__Output {
  'nodeId': (string);
  'addr': (string);
}
