// Original file: covey/v1/control.proto

import type { Service as _covey_v1_Service, Service__Output as _covey_v1_Service__Output } from '../../covey/v1/Service.ts';

export interface ListServicesResponse {
  'services'?: (_covey_v1_Service)[];
  'nextPageToken'?: (string);
}

export interface ListServicesResponse__Output {
  'services': (_covey_v1_Service__Output)[];
  'nextPageToken': (string);
}
