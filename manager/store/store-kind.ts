// The four object kinds the store holds, the TypeScript type of each, and how the members of the
// StoreAction oneof map to (operation, kind).
import type { Cluster__Output } from '../../proto/gen/covey/v1/Cluster.ts';
import type { Node__Output } from '../../proto/gen/covey/v1/Node.ts';
import type { Service__Output } from '../../proto/gen/covey/v1/Service.ts';
import type { StoreAction__Output } from '../../proto/gen/covey/v1/StoreAction.ts';
import type { Task__Output } from '../../proto/gen/covey/v1/Task.ts';

/** Objects as the store holds and returns them: the decoded (`__Output`) form, deeply frozen. */
export interface StoreObjects {
  cluster: Cluster__Output;
  node: Node__Output;
  service: Service__Output;
  task: Task__Output;
}

export type StoreKind = keyof StoreObjects;
export type StoreObject = StoreObjects[StoreKind];
export type StoreOp = 'create' | 'update' | 'delete';

/** In snapshot order (kind, then id). */
export const STORE_KINDS: readonly StoreKind[] = Object.freeze(['cluster', 'node', 'service', 'task']);

export type StoreActionMember = NonNullable<StoreAction__Output['action']>;

const MEMBERS: Readonly<Record<StoreActionMember, readonly [StoreOp, StoreKind]>> = Object.freeze({
  createCluster: ['create', 'cluster'],
  updateCluster: ['update', 'cluster'],
  deleteCluster: ['delete', 'cluster'],
  createNode: ['create', 'node'],
  updateNode: ['update', 'node'],
  deleteNode: ['delete', 'node'],
  createService: ['create', 'service'],
  updateService: ['update', 'service'],
  deleteService: ['delete', 'service'],
  createTask: ['create', 'task'],
  updateTask: ['update', 'task'],
  deleteTask: ['delete', 'task'],
});

export function opAndKindOf(member: StoreActionMember): readonly [StoreOp, StoreKind] {
  return MEMBERS[member];
}
