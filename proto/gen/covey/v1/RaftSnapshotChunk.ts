// Original file: covey/v1/raft.proto

import type { RaftSnapshotMeta as _covey_v1_RaftSnapshotMeta, RaftSnapshotMeta__Output as _covey_v1_RaftSnapshotMeta__Output } from '../../covey/v1/RaftSnapshotMeta.ts';
import type { Long } from '@grpc/proto-loader';

export interface RaftSnapshotChunk {
  'meta'?: (_covey_v1_RaftSnapshotMeta | null);
  'totalSize'?: (number | string | Long);
  'offset'?: (number | string | Long);
  'data'?: (Buffer | Uint8Array | string);
  'done'?: (boolean);
}

export interface RaftSnapshotChunk__Output {
  'meta': (_covey_v1_RaftSnapshotMeta__Output | null);
  'totalSize': (number);
  'offset': (number);
  'data': (Buffer);
  'done': (boolean);
}
