// Original file: covey/v1/store.proto

import type { Cluster as _covey_v1_Cluster, Cluster__Output as _covey_v1_Cluster__Output } from '../../covey/v1/Cluster.ts';
import type { Node as _covey_v1_Node, Node__Output as _covey_v1_Node__Output } from '../../covey/v1/Node.ts';
import type { Service as _covey_v1_Service, Service__Output as _covey_v1_Service__Output } from '../../covey/v1/Service.ts';
import type { Task as _covey_v1_Task, Task__Output as _covey_v1_Task__Output } from '../../covey/v1/Task.ts';
import type { Long } from '@grpc/proto-loader';

export interface StoreAction {
  'createCluster'?: (_covey_v1_Cluster | null);
  'updateCluster'?: (_covey_v1_Cluster | null);
  'deleteCluster'?: (_covey_v1_Cluster | null);
  'createNode'?: (_covey_v1_Node | null);
  'updateNode'?: (_covey_v1_Node | null);
  'deleteNode'?: (_covey_v1_Node | null);
  'createService'?: (_covey_v1_Service | null);
  'updateService'?: (_covey_v1_Service | null);
  'deleteService'?: (_covey_v1_Service | null);
  'createTask'?: (_covey_v1_Task | null);
  'updateTask'?: (_covey_v1_Task | null);
  'deleteTask'?: (_covey_v1_Task | null);
  'expectedVersion'?: (number | string | Long);
  'action'?: "createCluster"|"updateCluster"|"deleteCluster"|"createNode"|"updateNode"|"deleteNode"|"createService"|"updateService"|"deleteService"|"createTask"|"updateTask"|"deleteTask";
}

export interface StoreAction__Output {
  'createCluster'?: (_covey_v1_Cluster__Output | null);
  'updateCluster'?: (_covey_v1_Cluster__Output | null);
  'deleteCluster'?: (_covey_v1_Cluster__Output | null);
  'createNode'?: (_covey_v1_Node__Output | null);
  'updateNode'?: (_covey_v1_Node__Output | null);
  'deleteNode'?: (_covey_v1_Node__Output | null);
  'createService'?: (_covey_v1_Service__Output | null);
  'updateService'?: (_covey_v1_Service__Output | null);
  'deleteService'?: (_covey_v1_Service__Output | null);
  'createTask'?: (_covey_v1_Task__Output | null);
  'updateTask'?: (_covey_v1_Task__Output | null);
  'deleteTask'?: (_covey_v1_Task__Output | null);
  'expectedVersion': (number);
  'action'?: "createCluster"|"updateCluster"|"deleteCluster"|"createNode"|"updateNode"|"deleteNode"|"createService"|"updateService"|"deleteService"|"createTask"|"updateTask"|"deleteTask";
}
