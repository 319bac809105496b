// Original file: covey/v1/control.proto

import type { ServiceSpec as _covey_v1_ServiceSpec, ServiceSpec__Output as _covey_v1_ServiceSpec__Output } from '../../covey/v1/ServiceSpec.ts';
import type { Long } from '@grpc/proto-loader';

export interface UpdateServiceRequest {
  'serviceId'?: (string);
  'serviceVersion'?: (number | string | Long);
  'spec'?: (_covey_v1_ServiceSpec | null);
  'rollback'?: (boolean);
}

export interface UpdateServiceRequest__Output {
  'serviceId': (string);
  'serviceVersion': (number);
  'spec': (_covey_v1_ServiceSpec__Output | null);
  'rollback': (boolean);
}
