// Original file: covey/v1/control.proto

import type { LogMessage as _covey_v1_LogMessage, LogMessage__Output as _covey_v1_LogMessage__Output } from '../../covey/v1/LogMessage.ts';

export interface ServiceLogsResponse {
  'messages'?: (_covey_v1_LogMessage)[];
}

export interface ServiceLogsResponse__Output {
  'messages': (_covey_v1_LogMessage__Output)[];
}
