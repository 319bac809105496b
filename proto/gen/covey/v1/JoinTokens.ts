// Original file: covey/v1/objects.proto


export interface JoinTokens {
  'worker'?: (string);
  'manager'?: (string);
}

export interface JoinTokens__Output {
  'worker': (string);
  'manager': (string);
}
