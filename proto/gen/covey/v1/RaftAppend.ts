// Original file: covey/v1/raft.proto

import type { RaftEntry as _covey_v1_RaftEntry, RaftEntry__Output as _covey_v1_RaftEntry__Output } from '../../covey/v1/RaftEntry.ts';
import type { Long } from '@grpc/proto-loader';

export interface RaftAppend {
  'index'?: (number | string | Long);
  'logTerm'?: (number | string | Long);
  'entries'?: (_covey_v1_RaftEntry)[];
  'commit'?: (number | string | Long);
}

export interface RaftAppend__Output {
  'index': (number);
  'logTerm': (number);
  'entries': (_covey_v1_RaftEntry__Output)[];
  'commit': (number);
}
