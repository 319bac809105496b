// Original file: covey/v1/control.proto


export interface ServiceFilters {
  'names'?: (string)[];
  'idPrefixes'?: (string)[];
  'labels'?: ({[key: string]: string});
}

export interface ServiceFilters__Output {
  'names': (string)[];
  'idPrefixes': (string)[];
  'labels': ({[key: string]: string});
}
