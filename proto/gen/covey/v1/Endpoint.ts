// Original file: covey/v1/objects.proto

import type { EndpointSpec as _covey_v1_EndpointSpec, EndpointSpec__Output as _covey_v1_EndpointSpec__Output } from '../../covey/v1/EndpointSpec.ts';
import type { PortConfig as _covey_v1_PortConfig, PortConfig__Output as _covey_v1_PortConfig__Output } from '../../covey/v1/PortConfig.ts';

export interface Endpoint {
  'spec'?: (_covey_v1_EndpointSpec | null);
  'ports'?: (_covey_v1_PortConfig)[];
}

export interface Endpoint__Output {
  'spec': (_covey_v1_EndpointSpec__Output | null);
  'ports': (_covey_v1_PortConfig__Output)[];
}
