// Original file: covey/v1/raft.proto


export interface RaftHeartbeatResponse {
  'ctx'?: (string);
}

export interface RaftHeartbeatResponse__Output {
  'ctx': (string);
}
