// Original file: covey/v1/dispatcher.proto

import type { Long } from '@grpc/proto-loader';

export interface WeightedPeer {
  'nodeId'?: (string);
  'addr'?: (string);
  'weight'?: (number | string | Long);
}

export interface WeightedPeer__Output {
  'nodeId': (string);
  'addr': (string);
  'weight': (number);
}
