import type { Service__Output } from '../../proto/gen/covey/v1/Service.ts';
import type { Task__Output } from '../../proto/gen/covey/v1/Task.ts';
import { TaskState } from '../../proto/gen/covey/v1/TaskState.ts';
import { type OrchestratorAction, setDesiredState } from './action.ts';
import { ServiceModeError, ServiceSpecMissingError } from './errors.ts';
import { nodeLoss, nodeLossReason } from './node-eligibility.ts';
import type { ReconcileInput } from './reconcile-input.ts';
import { reconcileSlot } from './slot-reconcile.ts';
import { isWanted } from './task-lifecycle.ts';
import { compareByAge } from './task-order.ts';

export interface ReplicatedReconcileInput extends ReconcileInput {
  /** Slots a rolling update is replacing: their extra live tasks and held tasks are the updater's. */
  readonly slotsUnderUpdate?: ReadonlySet<number>;
}

/** Desired replica count; a service without a mode is replicated with 1 replica. */
export function desiredReplicas(service: Service__Output): number {
  const spec = service.spec;
  if (spec === null) throw new ServiceSpecMissingError(service.id, 'spec');
  if (spec.mode === 'global') throw new ServiceModeError(service.id, 'replicated', 'global');
  return spec.mode === 'replicated' ? (spec.replicated?.replicas ?? 0) : 1;
}

export function reconcileReplicated(input: ReplicatedReconcileInput): OrchestratorAction[] {
  const slots = new Set<number>();
  for (let slot = 1; slot <= desiredReplicas(input.service); slot++) slots.add(slot);
  for (const t of input.tasks) if (t.serviceId === input.service.id) slots.add(t.slot);
  return reconcileReplicatedSlots(input, slots);
}

/**
 * reconcileReplicated for `slots` only (input.tasks need hold only those slots' tasks): a task
 * failing in a 100k-replica service costs the leader one slot, not the service.
 */
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
