// Original file: covey/v1/specs.proto

import type { PortConfig as _covey_v1_PortConfig, PortConfig__Output as _covey_v1_PortConfig__Output } from '../../covey/v1/PortConfig.ts';

export interface EndpointSpec {
  'ports'?: (_covey_v1_PortConfig)[];
}

export interface EndpointSpec__Output {
  'ports': (_covey_v1_PortConfig__Output)[];
}
