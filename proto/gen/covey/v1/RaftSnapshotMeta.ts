// Original file: covey/v1/raft.proto

import type { RaftConfState as _covey_v1_RaftConfState, RaftConfState__Output as _covey_v1_RaftConfState__Output } from '../../covey/v1/RaftConfState.ts';
import type { Long } from '@grpc/proto-loader';

export interface RaftSnapshotMeta {
  'index'?: (number | string | Long);
  'term'?: (number | string | Long);
  'confState'?: (_covey_v1_RaftConfState | null);
}

export interface RaftSnapshotMeta__Output {
  'index': (number);
  'term': (number);
  'confState': (_covey_v1_RaftConfState__Output | null);
}
