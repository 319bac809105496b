// Original file: covey/v1/dispatcher.proto

import type { LogMessage as _covey_v1_LogMessage, LogMessage__Output as _covey_v1_LogMessage__Output } from '../../covey/v1/LogMessage.ts';

export interface PublishLogsRequest {
  'sessionId'?: (string);
  'messages'?: (_covey_v1_LogMessage)[];
}

export interface PublishLogsRequest__Output {
  'sessionId': (string);
  'messages': (_covey_v1_LogMessage__Output)[];
}
