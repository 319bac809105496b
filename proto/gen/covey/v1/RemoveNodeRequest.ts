// Original file: covey/v1/control.proto


export interface RemoveNodeRequest {
  'nodeId'?: (string);
  'force'?: (boolean);
}

export interface RemoveNodeRequest__Output {
  'nodeId': (string);
  'force': (boolean);
}
