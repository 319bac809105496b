// Original file: covey/v1/raft.proto

import type { Long } from '@grpc/proto-loader';

export interface RaftReadIndexResponse {
  'ctx'?: (string);
  'index'?: (number | string | Long);
  'reject'?: (boolean);
}

export interface RaftReadIndexResponse__Output {
  'ctx': (string);
  'index': (number);
  'reject': (boolean);
}
