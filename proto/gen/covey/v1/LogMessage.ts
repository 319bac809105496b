// Original file: covey/v1/types.proto

import type { LogContext as _covey_v1_LogContext, LogContext__Output as _covey_v1_LogContext__Output } from '../../covey/v1/LogContext.ts';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.ts';
import type { LogStream as _covey_v1_LogStream, LogStream__Output as _covey_v1_LogStream__Output } from '../../covey/v1/LogStream.ts';

export interface LogMessage {
  'context'?: (_covey_v1_LogContext | null);
  'timestamp'?: (_google_protobuf_Timestamp | null);
  'stream'?: (_covey_v1_LogStream);
  'data'?: (Buffer | Uint8Array | string);
}

export interface LogMessage__Output {
  'context': (_covey_v1_LogContext__Output | null);
  'timestamp': (_google_protobuf_Timestamp__Output | null);
  'stream': (_covey_v1_LogStream__Output);
  'data': (Buffer);
}
