// Original file: covey/v1/control.proto


export interface RemoveServiceRequest {
  'serviceId'?: (string);
}

export interface RemoveServiceRequest__Output {
  'serviceId': (string);
}
