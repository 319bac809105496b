// Original file: covey/v1/control.proto

import type { Cluster as _covey_v1_Cluster, Cluster__Output as _covey_v1_Cluster__Output } from '../../covey/v1/Cluster.ts';

export interface UpdateClusterResponse {
  'cluster'?: (_covey_v1_Cluster | null);
}

export interface UpdateClusterResponse__Output {
  'cluster': (_covey_v1_Cluster__Output | null);
}
