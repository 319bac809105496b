// Original file: covey/v1/raft.proto

export const RaftEntryType = {
  RAFT_ENTRY_TYPE_NORMAL: 0,
  RAFT_ENTRY_TYPE_CONF_CHANGE: 1,
} as const;

export type RaftEntryType =
  | 'RAFT_ENTRY_TYPE_NORMAL'
  | 0
  | 'RAFT_ENTRY_TYPE_CONF_CHANGE'
  | 1

export type RaftEntryType__Output = typeof RaftEntryType[keyof typeof RaftEntryType]
