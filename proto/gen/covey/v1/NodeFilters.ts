// Original file: covey/v1/control.proto

import type { NodeRole as _covey_v1_NodeRole, NodeRole__Output as _covey_v1_NodeRole__Output } from '../../covey/v1/NodeRole.ts';

export interface NodeFilters {
  'idPrefixes'?: (string)[];
  'names'?: (string)[];
  'roles'?: (_covey_v1_NodeRole)[];
  'labels'?: ({[key: string]: string});
}

export interface NodeFilters__Output {
  'idPrefixes': (string)[];
  'names': (string)[];
  'roles': (_covey_v1_NodeRole__Output)[];
  'labels': ({[key: string]: string});
}
