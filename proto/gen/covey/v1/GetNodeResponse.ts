// Original file: covey/v1/control.proto

import type { Node as _covey_v1_Node, Node__Output as _covey_v1_Node__Output } from '../../covey/v1/Node.ts';

export interface GetNodeResponse {
  'node'?: (_covey_v1_Node | null);
}

export interface GetNodeResponse__Output {
  'node': (_covey_v1_Node__Output | null);
}
