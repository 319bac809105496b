// Original file: covey/v1/control.proto

import type { Service as _covey_v1_Service, Service__Output as _covey_v1_Service__Output } from '../../covey/v1/Service.ts';

export interface GetServiceResponse {
  'service'?: (_covey_v1_Service | null);
}

export interface GetServiceResponse__Output {
  'service': (_covey_v1_Service__Output | null);
}
