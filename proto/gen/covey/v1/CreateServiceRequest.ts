// Original file: covey/v1/control.proto

import type { ServiceSpec as _covey_v1_ServiceSpec, ServiceSpec__Output as _covey_v1_ServiceSpec__Output } from '../../covey/v1/ServiceSpec.ts';

export interface CreateServiceRequest {
  'spec'?: (_covey_v1_ServiceSpec | null);
}

export interface CreateServiceRequest__Output {
  'spec': (_covey_v1_ServiceSpec__Output | null);
}
