// Original file: covey/v1/control.proto


export interface JoinTokenRotation {
  'worker'?: (boolean);
  'manager'?: (boolean);
}

export interface JoinTokenRotation__Output {
  'worker': (boolean);
  'manager': (boolean);
}
