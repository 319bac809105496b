// Original file: covey/v1/objects.proto


export interface EngineDescription {
  'engineVersion'?: (string);
  'labels'?: ({[key: string]: string});
}

export interface EngineDescription__Output {
  'engineVersion': (string);
  'labels': ({[key: string]: string});
}
