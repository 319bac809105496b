// Original file: covey/v1/raft.proto

import type { Long } from '@grpc/proto-loader';

export interface RaftTimeoutNow {
  'commit'?: (number | string | Long);
}

export interface RaftTimeoutNow__Output {
  'commit': (number);
}
