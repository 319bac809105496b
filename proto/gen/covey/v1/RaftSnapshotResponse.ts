// Original file: covey/v1/raft.proto

import type { Long } from '@grpc/proto-loader';

export interface RaftSnapshotResponse {
  'snapIndex'?: (number | string | Long);
  'snapTerm'?: (number | string | Long);
  'received'?: (number | string | Long);
  'reject'?: (boolean);
}

export interface RaftSnapshotResponse__Output {
  'snapIndex': (number);
  'snapTerm': (number);
  'received': (number);
  'reject': (boolean);
}
