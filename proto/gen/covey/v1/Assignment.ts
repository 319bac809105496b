// Original file: covey/v1/dispatcher.proto

import type { Task as _covey_v1_Task, Task__Output as _covey_v1_Task__Output } from '../../covey/v1/Task.ts';
import type { Secret as _covey_v1_Secret, Secret__Output as _covey_v1_Secret__Output } from '../../covey/v1/Secret.ts';
import type { Config as _covey_v1_Config, Config__Output as _covey_v1_Config__Output } from '../../covey/v1/Config.ts';

export interface Assignment {
  'task'?: (_covey_v1_Task | null);
  'secret'?: (_covey_v1_Secret | null);
  'config'?: (_covey_v1_Config | null);
  'item'?: "task"|"secret"|"config";
}

export interface Assignment__Output {
  'task'?: (_covey_v1_Task__Output | null);
  'secret'?: (_covey_v1_Secret__Output | null);
  'config'?: (_covey_v1_Config__Output | null);
  'item'?: "task"|"secret"|"config";
}
