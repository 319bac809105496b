// Original file: covey/v1/control.proto

import type { ServiceFilters as _covey_v1_ServiceFilters, ServiceFilters__Output as _covey_v1_ServiceFilters__Output } from '../../covey/v1/ServiceFilters.ts';

export interface ListServicesRequest {
  'filters'?: (_covey_v1_ServiceFilters | null);
  'pageSize'?: (number);
  'pageToken'?: (string);
}

export interface ListServicesRequest__Output {
  'filters': (_covey_v1_ServiceFilters__Output | null);
  'pageSize': (number);
  'pageToken': (string);
}
