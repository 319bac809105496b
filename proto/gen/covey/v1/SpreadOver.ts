// Original file: covey/v1/specs.proto


export interface SpreadOver {
  'spreadDescriptor'?: (string);
}

export interface SpreadOver__Output {
  'spreadDescriptor': (string);
}
