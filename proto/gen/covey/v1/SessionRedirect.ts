// Original file: covey/v1/dispatcher.proto


export interface SessionRedirect {
  'leaderNodeId'?: (string);
  'leaderAddr'?: (string);
}

export interface SessionRedirect__Output {
  'leaderNodeId': (string);
  'leaderAddr': (string);
}
