// What `find` accepts for each kind. Every field given must match (AND); the most selective index
// drives the lookup and the others filter. Results are sorted by id.
import type { NodeAvailability } from '../../proto/gen/covey/v1/NodeAvailability.ts';
import type { NodeRole } from '../../proto/gen/covey/v1/NodeRole.ts';
import type { NodeState } from '../../proto/gen/covey/v1/NodeState.ts';
import type { TaskState } from '../../proto/gen/covey/v1/TaskState.ts';

export interface ClusterQuery {
  readonly idPrefix?: string;
}

export interface NodeQuery {
  readonly idPrefix?: string;
  /** Current role (Node.role), not the desired one. */
  readonly role?: NodeRole;
  readonly availability?: NodeAvailability;
  readonly state?: NodeState;
}

export interface ServiceQuery {
  readonly idPrefix?: string;
  /** Exact name (names are unique, so at most one result). */
  readonly name?: string;
  /** Each entry `key` (label present, any value) or `key=value` (split at the first `=`); all must match. */
  readonly labels?: readonly string[];
}

export interface TaskQuery {
  readonly idPrefix?: string;
  readonly serviceId?: string;
  /** '' finds the unassigned tasks. */
  readonly nodeId?: string;
  readonly desiredState?: TaskState;
  /** Only together with serviceId: the tasks (current and history) of that slot. */
  readonly slot?: number;
}

export interface StoreQueries {
  cluster: ClusterQuery;
  node: NodeQuery;
  service: ServiceQuery;
  task: TaskQuery;
}
