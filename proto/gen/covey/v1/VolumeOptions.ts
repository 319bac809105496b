// Original file: covey/v1/specs.proto


export interface VolumeOptions {
  'noCopy'?: (boolean);
  'labels'?: ({[key: string]: string});
}

export interface VolumeOptions__Output {
  'noCopy': (boolean);
  'labels': ({[key: string]: string});
}
