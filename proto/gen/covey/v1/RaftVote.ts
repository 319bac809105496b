// Original file: covey/v1/raft.proto

import type { Long } from '@grpc/proto-loader';

export interface RaftVote {
  'index'?: (number | string | Long);
  'logTerm'?: (number | string | Long);
  'force'?: (boolean);
}

export interface RaftVote__Output {
  'index': (number);
  'logTerm': (number);
  'force': (boolean);
}
