// Original file: covey/v1/control.proto

import type { Node as _covey_v1_Node, Node__Output as _covey_v1_Node__Output } from '../../covey/v1/Node.ts';

export interface ListNodesResponse {
  'nodes'?: (_covey_v1_Node)[];
  'nextPageToken'?: (string);
}

export interface ListNodesResponse__Output {
  'nodes': (_covey_v1_Node__Output)[];
  'nextPageToken': (string);
}
