// Reconciles only some nodes of a global service: those whose tasks or eligibility changed. Same
// decisions as reconcileGlobal restricted to those nodes (the tests check the equivalence); the
// replicated counterpart is reconcileReplicatedSlots in replicated.ts.
import type { Node__Output } from '../../proto/gen/covey/v1/Node.ts';
import type { OrchestratorAction } from './action.ts';
import { type GlobalReconcileInput, reconcileGlobal } from './global.ts';

/** reconcileGlobal for the nodes `nodeIds` only (a node absent from input.nodes was removed). */
export function reconcileGlobalNodes(
  input: GlobalReconcileInput,
  nodeIds: ReadonlySet<string>,
): OrchestratorAction[] {
  const nodes = new Map<string, Node__Output>();
  for (const id of nodeIds) {
    const node = input.nodes.get(id);
    if (node !== undefined) nodes.set(id, node);
  }
  const tasks = input.tasks.filter((t) => t.nodeId !== '' && nodeIds.has(t.nodeId));
  return reconcileGlobal({ ...input, nodes, tasks });
}
