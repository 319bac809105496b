// Original file: covey/v1/control.proto


export interface ListServiceStatusesRequest {
  'serviceIds'?: (string)[];
}

export interface ListServiceStatusesRequest__Output {
  'serviceIds': (string)[];
}
