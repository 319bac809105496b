// Original file: covey/v1/control.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.ts';
import type { EventType as _covey_v1_EventType, EventType__Output as _covey_v1_EventType__Output } from '../../covey/v1/EventType.ts';
import type { EventAction as _covey_v1_EventAction, EventAction__Output as _covey_v1_EventAction__Output } from '../../covey/v1/EventAction.ts';
import type { Service as _covey_v1_Service, Service__Output as _covey_v1_Service__Output } from '../../covey/v1/Service.ts';
import type { Task as _covey_v1_Task, Task__Output as _covey_v1_Task__Output } from '../../covey/v1/Task.ts';
import type { Node as _covey_v1_Node, Node__Output as _covey_v1_Node__Output } from '../../covey/v1/Node.ts';
import type { Cluster as _covey_v1_Cluster, Cluster__Output as _covey_v1_Cluster__Output } from '../../covey/v1/Cluster.ts';
import type { Long } from '@grpc/proto-loader';

export interface ClusterEvent {
  'version'?: (number | string | Long);
  'time'?: (_google_protobuf_Timestamp | null);
  'type'?: (_covey_v1_EventType);
  'action'?: (_covey_v1_EventAction);
  'objectId'?: (string);
  'attributes'?: ({[key: string]: string});
  'service'?: (_covey_v1_Service | null);
  'task'?: (_covey_v1_Task | null);
  'node'?: (_covey_v1_Node | null);
  'cluster'?: (_covey_v1_Cluster | null);
  'object'?: "service"|"task"|"node"|"cluster";
}

export interface ClusterEvent__Output {
  'version': (number);
  'time': (_google_protobuf_Timestamp__Output | null);
  'type': (_covey_v1_EventType__Output);
  'action': (_covey_v1_EventAction__Output);
  'objectId': (string);
  'attributes': ({[key: string]: string});
  'service'?: (_covey_v1_Service__Output | null);
  'task'?: (_covey_v1_Task__Output | null);
  'node'?: (_covey_v1_Node__Output | null);
  'cluster'?: (_covey_v1_Cluster__Output | null);
  'object'?: "service"|"task"|"node"|"cluster";
}
