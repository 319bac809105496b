// Original file: covey/v1/objects.proto


export interface ContainerStatus {
  'containerId'?: (string);
  'pid'?: (number);
  'exitCode'?: (number);
}

export interface ContainerStatus__Output {
  'containerId': (string);
  'pid': (number);
  'exitCode': (number);
}
