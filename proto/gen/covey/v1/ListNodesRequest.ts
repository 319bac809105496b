// Original file: covey/v1/control.proto

import type { NodeFilters as _covey_v1_NodeFilters, NodeFilters__Output as _covey_v1_NodeFilters__Output } from '../../covey/v1/NodeFilters.ts';

export interface ListNodesRequest {
  'filters'?: (_covey_v1_NodeFilters | null);
  'pageSize'?: (number);
  'pageToken'?: (string);
}

export interface ListNodesRequest__Output {
  'filters': (_covey_v1_NodeFilters__Output | null);
  'pageSize': (number);
  'pageToken': (string);
}
