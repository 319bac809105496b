// Original file: covey/v1/raft.proto

import type { Long } from '@grpc/proto-loader';

export interface RaftHeartbeat {
  'commit'?: (number | string | Long);
  'ctx'?: (string);
}

export interface RaftHeartbeat__Output {
  'commit': (number);
  'ctx': (string);
}
