// Original file: covey/v1/store.proto

import type { Cluster as _covey_v1_Cluster, Cluster__Output as _covey_v1_Cluster__Output } from '../../covey/v1/Cluster.ts';
import type { Node as _covey_v1_Node, Node__Output as _covey_v1_Node__Output } from '../../covey/v1/Node.ts';
import type { Service as _covey_v1_Service, Service__Output as _covey_v1_Service__Output } from '../../covey/v1/Service.ts';
import type { Task as _covey_v1_Task, Task__Output as _covey_v1_Task__Output } from '../../covey/v1/Task.ts';
import type { Long } from '@grpc/proto-loader';

export interface StoreSnapshot {
  'formatVersion'?: (number);
  'clusters'?: (_covey_v1_Cluster)[];
  'nodes'?: (_covey_v1_Node)[];
  'services'?: (_covey_v1_Service)[];
  'tasks'?: (_covey_v1_Task)[];
  'lastBatchIndex'?: (number | string | Long);
}

export interface StoreSnapshot__Output {
  'formatVersion': (number);
  'clusters': (_covey_v1_Cluster__Output)[];
  'nodes': (_covey_v1_Node__Output)[];
  'services': (_covey_v1_Service__Output)[];
  'tasks': (_covey_v1_Task__Output)[];
  'lastBatchIndex': (number);
}
