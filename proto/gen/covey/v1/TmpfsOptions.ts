// Original file: covey/v1/specs.proto

import type { Long } from '@grpc/proto-loader';

export interface TmpfsOptions {
  'sizeBytes'?: (number | string | Long);
  'mode'?: (number);
}

export interface TmpfsOptions__Output {
  'sizeBytes': (number);
  'mode': (number);
}
