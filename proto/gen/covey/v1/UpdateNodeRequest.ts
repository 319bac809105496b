// Original file: covey/v1/control.proto

import type { NodeSpec as _covey_v1_NodeSpec, NodeSpec__Output as _covey_v1_NodeSpec__Output } from '../../covey/v1/NodeSpec.ts';
import type { Long } from '@grpc/proto-loader';

export interface UpdateNodeRequest {
  'nodeId'?: (string);
  'nodeVersion'?: (number | string | Long);
  'spec'?: (_covey_v1_NodeSpec | null);
}

export interface UpdateNodeRequest__Output {
  'nodeId': (string);
  'nodeVersion': (number);
  'spec': (_covey_v1_NodeSpec__Output | null);
}
