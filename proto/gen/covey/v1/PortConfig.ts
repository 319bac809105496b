// Original file: covey/v1/specs.proto

import type { PortProtocol as _covey_v1_PortProtocol, PortProtocol__Output as _covey_v1_PortProtocol__Output } from '../../covey/v1/PortProtocol.ts';
import type { PublishMode as _covey_v1_PublishMode, PublishMode__Output as _covey_v1_PublishMode__Output } from '../../covey/v1/PublishMode.ts';

export interface PortConfig {
  'name'?: (string);
  'protocol'?: (_covey_v1_PortProtocol);
  'targetPort'?: (number);
  'publishedPort'?: (number);
  'publishMode'?: (_covey_v1_PublishMode);
}

export interface PortConfig__Output {
  'name': (string);
  'protocol': (_covey_v1_PortProtocol__Output);
  'targetPort': (number);
  'publishedPort': (number);
  'publishMode': (_covey_v1_PublishMode__Output);
}
