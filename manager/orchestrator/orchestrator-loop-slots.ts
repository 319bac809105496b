// Reconciles only some slots of a service: the replicated slots or global nodes whose tasks changed.
// Same decisions as reconcileReplicated / reconcileGlobal restricted to those slots (the tests check
// the equivalence), so a task failing in a 100k-replica service costs one slot, not the service.
import type { Node__Output } from '../../proto/gen/covey/v1/Node.ts';
import type { Task__Output } from '../../proto/gen/covey/v1/Task.ts';
import { TaskState } from '../../proto/gen/covey/v1/TaskState.ts';
import { type OrchestratorAction, setDesiredState } from './action.ts';
import { type GlobalReconcileInput, reconcileGlobal } from './global.ts';
import { nodeLoss, nodeLossReason } from './node-eligibility.ts';
import { desiredReplicas, type ReplicatedReconcileInput } from './replicated.ts';
import { reconcileSlot } from './slot-reconcile.ts';
import { isWanted } from './task-lifecycle.ts';
import { compareByAge } from './task-order.ts';

/** reconcileReplicated for `slots` only; input.tasks need hold only those slots' tasks. */
export function reconcileReplicatedSlots(
  input: ReplicatedReconcileInput,
  slots: ReadonlySet<number>,
): OrchestratorAction[] {
  const { service } = input;
  const replicas = desiredReplicas(service);
  const bySlot = new Map<number, Task__Output[]>();
  for (const t of input.tasks) {
    if (t.serviceId !== service.id || !slots.has(t.slot)) continue;
    const list = bySlot.get(t.slot);
    if (list === undefined) bySlot.set(t.slot, [t]);
    else list.push(t);
  }
  const ordered = [...slots].filter((s) => s >= 1).sort((a, b) => a - b);

  const actions: OrchestratorAction[] = [];
  // As reconcileReplicated: slots beyond the replica count first, highest first.
  for (const slot of [...ordered].reverse()) {
    if (slot <= replicas) continue;
    const wanted = (bySlot.get(slot) ?? []).filter(isWanted).sort(compareByAge);
    for (const t of wanted)
      actions.push(setDesiredState(t, TaskState.TASK_STATE_REMOVE, 'service scaled down'));
  }

  const mustLeave = (t: Task__Output): string | undefined => {
    if (t.nodeId === '') return undefined;
    const loss = nodeLoss(input.nodes.get(t.nodeId));
    return loss === undefined ? undefined : nodeLossReason(loss);
  };
  for (const slot of ordered) {
    if (slot > replicas) continue;
    actions.push(
      ...reconcileSlot({
        service,
        tasks: bySlot.get(slot) ?? [],
        slot,
        nodeId: '',
        now: input.now,
        newId: input.newId,
        supervisor: input.supervisor,
        mustLeave,
        mayCreate: true,
        underUpdate: input.slotsUnderUpdate?.has(slot) ?? false,
      }),
    );
  }
  return actions;
}

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
