// Original file: covey/v1/dispatcher.proto


export interface TaskHealthSummary {
  'assigned'?: (number);
  'running'?: (number);
  'starting'?: (number);
  'healthy'?: (number);
  'unhealthy'?: (number);
}

export interface TaskHealthSummary__Output {
  'assigned': (number);
  'running': (number);
  'starting': (number);
  'healthy': (number);
  'unhealthy': (number);
}
