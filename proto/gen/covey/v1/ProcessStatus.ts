// Original file: covey/v1/objects.proto


export interface ProcessStatus {
  'pid'?: (number);
  'exitCode'?: (number);
}

export interface ProcessStatus__Output {
  'pid': (number);
  'exitCode': (number);
}
