// Original file: covey/v1/types.proto

import type { Long } from '@grpc/proto-loader';

export interface LogContext {
  'serviceId'?: (string);
  'nodeId'?: (string);
  'taskId'?: (string);
  'slot'?: (number | string | Long);
}

export interface LogContext__Output {
  'serviceId': (string);
  'nodeId': (string);
  'taskId': (string);
  'slot': (number);
}
