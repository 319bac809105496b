// Original file: covey/v1/objects.proto

import type { Meta as _covey_v1_Meta, Meta__Output as _covey_v1_Meta__Output } from '../../covey/v1/Meta.ts';
import type { ServiceSpec as _covey_v1_ServiceSpec, ServiceSpec__Output as _covey_v1_ServiceSpec__Output } from '../../covey/v1/ServiceSpec.ts';
import type { UpdateStatus as _covey_v1_UpdateStatus, UpdateStatus__Output as _covey_v1_UpdateStatus__Output } from '../../covey/v1/UpdateStatus.ts';
import type { Endpoint as _covey_v1_Endpoint, Endpoint__Output as _covey_v1_Endpoint__Output } from '../../covey/v1/Endpoint.ts';
import type { Long } from '@grpc/proto-loader';

export interface Service {
  'id'?: (string);
  'meta'?: (_covey_v1_Meta | null);
  'spec'?: (_covey_v1_ServiceSpec | null);
  'specVersion'?: (number | string | Long);
  'previousSpec'?: (_covey_v1_ServiceSpec | null);
  'previousSpecVersion'?: (number | string | Long);
  'updateStatus'?: (_covey_v1_UpdateStatus | null);
  'endpoint'?: (_covey_v1_Endpoint | null);
}

export interface Service__Output {
  'id': (string);
  'meta': (_covey_v1_Meta__Output | null);
  'spec': (_covey_v1_ServiceSpec__Output | null);
  'specVersion': (number);
  'previousSpec': (_covey_v1_ServiceSpec__Output | null);
  'previousSpecVersion': (number);
  'updateStatus': (_covey_v1_UpdateStatus__Output | null);
  'endpoint': (_covey_v1_Endpoint__Output | null);
}
