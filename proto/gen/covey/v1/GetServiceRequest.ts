// Original file: covey/v1/control.proto


export interface GetServiceRequest {
  'serviceId'?: (string);
  'insertDefaults'?: (boolean);
}

export interface GetServiceRequest__Output {
  'serviceId': (string);
  'insertDefaults': (boolean);
}
