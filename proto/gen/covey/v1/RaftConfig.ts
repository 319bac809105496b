// Original file: covey/v1/specs.proto

import type { Long } from '@grpc/proto-loader';

export interface RaftConfig {
  'snapshotInterval'?: (number | string | Long);
  'logEntriesForSlowFollowers'?: (number | string | Long);
  'heartbeatTick'?: (number);
  'electionTick'?: (number);
}

export interface RaftConfig__Output {
  'snapshotInterval': (number);
  'logEntriesForSlowFollowers': (number);
  'heartbeatTick': (number);
  'electionTick': (number);
}
