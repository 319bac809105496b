// Original file: covey/v1/raft.proto

import type { RaftEntryType as _covey_v1_RaftEntryType, RaftEntryType__Output as _covey_v1_RaftEntryType__Output } from '../../covey/v1/RaftEntryType.ts';
import type { Long } from '@grpc/proto-loader';

export interface RaftEntry {
  'term'?: (number | string | Long);
  'index'?: (number | string | Long);
  'type'?: (_covey_v1_RaftEntryType);
  'data'?: (Buffer | Uint8Array | string);
}

export interface RaftEntry__Output {
  'term': (number);
  'index': (number);
  'type': (_covey_v1_RaftEntryType__Output);
  'data': (Buffer);
}
