// Original file: covey/v1/raft.proto


export interface RaftTimeoutNow {
}

export interface RaftTimeoutNow__Output {
}
