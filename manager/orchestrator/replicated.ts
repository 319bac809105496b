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
  const { service } = input;
  const replicas = desiredReplicas(service);
  const bySlot = new Map<number, Task__Output[]>();
  for (const t of input.tasks) {
    if (t.serviceId !== service.id || t.slot < 1) continue;
    const list = bySlot.get(t.slot);
    if (list === undefined) bySlot.set(t.slot, [t]);
    else list.push(t);
  }

  const actions: OrchestratorAction[] = [];
  const extra = [...bySlot.keys()].filter((s) => s > replicas).sort((a, b) => b - a);
  for (const slot of extra) {
    const wanted = (bySlot.get(slot) ?? []).filter(isWanted).sort(compareByAge);
    for (const t of wanted)
      actions.push(setDesiredState(t, TaskState.TASK_STATE_REMOVE, 'service scaled down'));
  }

  const mustLeave = (t: Task__Output): string | undefined => {
    if (t.nodeId === '') return undefined;
    const loss = nodeLoss(input.nodes.get(t.nodeId));
    return loss === undefined ? undefined : nodeLossReason(loss);
  };
  for (let slot = 1; slot <= replicas; slot++) {
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
