// Original file: covey/v1/specs.proto

import type { Annotations as _covey_v1_Annotations, Annotations__Output as _covey_v1_Annotations__Output } from '../../covey/v1/Annotations.ts';
import type { NodeRole as _covey_v1_NodeRole, NodeRole__Output as _covey_v1_NodeRole__Output } from '../../covey/v1/NodeRole.ts';
import type { NodeAvailability as _covey_v1_NodeAvailability, NodeAvailability__Output as _covey_v1_NodeAvailability__Output } from '../../covey/v1/NodeAvailability.ts';

export interface NodeSpec {
  'annotations'?: (_covey_v1_Annotations | null);
  'desiredRole'?: (_covey_v1_NodeRole);
  'availability'?: (_covey_v1_NodeAvailability);
}

export interface NodeSpec__Output {
  'annotations': (_covey_v1_Annotations__Output | null);
  'desiredRole': (_covey_v1_NodeRole__Output);
  'availability': (_covey_v1_NodeAvailability__Output);
}
