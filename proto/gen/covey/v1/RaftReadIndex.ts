// Original file: covey/v1/raft.proto


export interface RaftReadIndex {
  'ctx'?: (string);
}

export interface RaftReadIndex__Output {
  'ctx': (string);
}
