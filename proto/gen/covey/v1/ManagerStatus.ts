// Original file: covey/v1/objects.proto

import type { Reachability as _covey_v1_Reachability, Reachability__Output as _covey_v1_Reachability__Output } from '../../covey/v1/Reachability.ts';

export interface ManagerStatus {
  'raftId'?: (string);
  'addr'?: (string);
  'leader'?: (boolean);
  'reachability'?: (_covey_v1_Reachability);
}

export interface ManagerStatus__Output {
  'raftId': (string);
  'addr': (string);
  'leader': (boolean);
  'reachability': (_covey_v1_Reachability__Output);
}
