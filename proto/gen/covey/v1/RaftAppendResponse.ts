// Original file: covey/v1/raft.proto

import type { Long } from '@grpc/proto-loader';

export interface RaftAppendResponse {
  'index'?: (number | string | Long);
  'reject'?: (boolean);
  'rejectHint'?: (number | string | Long);
  'logTerm'?: (number | string | Long);
}

export interface RaftAppendResponse__Output {
  'index': (number);
  'reject': (boolean);
  'rejectHint': (number);
  'logTerm': (number);
}
