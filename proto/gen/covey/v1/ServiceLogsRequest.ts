// Original file: covey/v1/control.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.ts';
import type { LogStream as _covey_v1_LogStream, LogStream__Output as _covey_v1_LogStream__Output } from '../../covey/v1/LogStream.ts';
import type { Long } from '@grpc/proto-loader';

export interface ServiceLogsRequest {
  'serviceId'?: (string);
  'taskIds'?: (string)[];
  'follow'?: (boolean);
  'tail'?: (number | string | Long);
  'since'?: (_google_protobuf_Timestamp | null);
  'streams'?: (_covey_v1_LogStream)[];
}

export interface ServiceLogsRequest__Output {
  'serviceId': (string);
  'taskIds': (string)[];
  'follow': (boolean);
  'tail': (number);
  'since': (_google_protobuf_Timestamp__Output | null);
  'streams': (_covey_v1_LogStream__Output)[];
}
