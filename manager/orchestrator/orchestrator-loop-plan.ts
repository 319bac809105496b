// One service's share of an orchestrator pass: read the tasks of its dirty slots (or all of them)
// from the store's indexes, run the reconciler of its mode, the constraint enforcer and the history
// reaper over them (or the removal of a deleted service's tasks), and turn the result into store
// actions. Pure apart from reading the store and the restart supervisor's bookkeeping.
import type { Node__Output } from '../../proto/gen/covey/v1/Node.ts';
import type { Service__Output } from '../../proto/gen/covey/v1/Service.ts';
import type { StoreAction } from '../../proto/gen/covey/v1/StoreAction.ts';
import type { Task__Output } from '../../proto/gen/covey/v1/Task.ts';
import type { MemoryStore } from '../store/memory-store.ts';
import type { OrchestratorAction, UpdateServiceAction } from './action.ts';
import { toStoreAction } from './action-batch.ts';
import { enforceConstraints } from './constraint-enforcer.ts';
import type { TaskIdGenerator } from './new-task.ts';
import type { ConstraintMatcher } from './node-eligibility.ts';
import type { DirtyScope } from './orchestrator-loop-dirty.ts';
import { reconcileGlobalNodes } from './orchestrator-loop-slots.ts';
import { reconcileReplicatedSlots } from './replicated.ts';
import { reconcileService } from './reconcile-service.ts';
import type { RestartSupervisor } from './restart-supervisor.ts';
import { hasPreviousSpec, rolledBackService } from './service-rollback.ts';
import { removeServiceTasks } from './service-removal.ts';
import { reapTaskHistory } from './task-reaper.ts';
import { type UpdatePlan, planUpdate } from './update-plan.ts';
import { isRolling } from './update-status.ts';

export interface PlanContext {
  readonly store: Pick<MemoryStore, 'find'>;
  readonly services: ReadonlyMap<string, Service__Output>;
  readonly nodes: ReadonlyMap<string, Node__Output>;
  /** From taskHistoryLimit(cluster). */
  readonly historyLimit: number;
  readonly now: number;
  readonly newId: TaskIdGenerator;
  readonly supervisor: RestartSupervisor;
  readonly matchesConstraints: ConstraintMatcher;
}

/** One decision with what the loop needs to follow it up: its store action and its task's slot. */
export interface PlannedAction {
  readonly action: OrchestratorAction;
  readonly storeAction: StoreAction;
  readonly serviceId: string;
  readonly slot: number;
  readonly nodeId: string;
}

export interface ServicePlan {
  /** Whether the whole service was read and reconciled (asked for, or most of it was dirty). */
  readonly full: boolean;
  /** The tasks read: the service's, or those of the dirty slots. */
  readonly tasks: readonly Task__Output[];
  readonly actions: PlannedAction[];
  /** A rolling update's next deadline (end of a batch delay or monitor window): plan again then. */
  readonly wakeAt?: number;
}

export function planService(ctx: PlanContext, serviceId: string, dirty: DirtyScope): ServicePlan {
  const service = ctx.services.get(serviceId);
  // A rollout reads every task of the service: parallelism and the failure ratio are about all slots.
  const full =
    dirty.full ||
    (service !== undefined &&
      (isRolling(service.updateStatus) || mostlyDirty(service, dirty, ctx.nodes.size)));
  const scope: DirtyScope = full ? { full, slots: new Set(), nodes: new Set() } : dirty;
  const tasks = readTasks(ctx.store, serviceId, scope);
  const decided: OrchestratorAction[] = [];
  let wakeAt: number | undefined;
  if (service === undefined) {
    append(decided, removeServiceTasks(serviceId, tasks));
  } else {
    const rollout = full
      ? planUpdate({ service, tasks, nodes: ctx.nodes, now: ctx.now, newId: ctx.newId })
      : undefined;
    wakeAt = rollout?.wakeAt;
    if (rollout?.decision === 'rollback' && rollout.status !== null && hasPreviousSpec(service)) {
      // Only the swap this pass: the next one (the service's own change event) rolls the slots back
      // with the restored spec, rather than the reconciler restarting failures with the bad one.
      decided.push(
        serviceWrite(rolledBackService(service, rollout.status), service, 'update failed: rolling back'),
      );
    } else {
      reconcile(ctx, service, tasks, full ? undefined : scope, rollout, decided);
    }
  }
  append(decided, reapTaskHistory({ tasks, services: ctx.services, historyLimit: ctx.historyLimit }));

  const byId = new Map(tasks.map((t) => [t.id, t]));
  const lookup = (id: string) => byId.get(id);
  // The updater, the reconciler and the enforcer may each stop one task (a down node that also
  // stopped matching); two updates at one version would make the second, and so the batch, fail.
  const touched = new Set<string>();
  const actions: PlannedAction[] = [];
  for (const action of decided) {
    if (action.kind === 'create-task') {
      const { slot, nodeId } = action.task;
      actions.push({ action, storeAction: toStoreAction(action, lookup), serviceId, slot, nodeId });
      continue;
    }
    if (action.kind === 'update-service') {
      actions.push({ action, storeAction: toStoreAction(action, lookup), serviceId, slot: 0, nodeId: '' });
      continue;
    }
    if (touched.has(action.taskId)) continue;
    touched.add(action.taskId);
    const storeAction = toStoreAction(action, lookup);
    const task = byId.get(action.taskId);
    actions.push({ action, storeAction, serviceId, slot: task?.slot ?? 0, nodeId: task?.nodeId ?? '' });
  }
  return wakeAt === undefined ? { full, tasks, actions } : { full, tasks, actions, wakeAt };
}

/**
 * The rollout's moves first (they claim the slots they replace), then the reconciler of the
 * service's mode over the whole service (`partial` undefined) or the dirty part, and the
 * constraint enforcer.
 */
function reconcile(
  ctx: PlanContext,
  service: Service__Output,
  tasks: readonly Task__Output[],
  partial: DirtyScope | undefined,
  rollout: UpdatePlan | undefined,
  decided: OrchestratorAction[],
): void {
  if (rollout !== undefined) {
    append(decided, rollout.actions);
    if (rollout.statusChanged) {
      const reason = `update status: ${rollout.status?.message ?? 'cleared'}`;
      decided.push(serviceWrite({ ...service, updateStatus: rollout.status }, service, reason));
    }
  }
  const input = {
    service,
    tasks,
    nodes: ctx.nodes,
    now: ctx.now,
    newId: ctx.newId,
    supervisor: ctx.supervisor,
    matchesConstraints: ctx.matchesConstraints,
    ...(rollout === undefined
      ? {}
      : { slotsUnderUpdate: rollout.slotsUnderUpdate, nodesUnderUpdate: rollout.nodesUnderUpdate }),
  };
  if (partial === undefined) append(decided, reconcileService(input));
  else if (service.spec?.mode === 'global') append(decided, reconcileGlobalNodes(input, partial.nodes));
  else append(decided, reconcileReplicatedSlots(input, partial.slots));
  append(
    decided,
    enforceConstraints({
      tasks,
      nodes: ctx.nodes,
      services: new Map([[service.id, service]]),
      matchesConstraints: ctx.matchesConstraints,
    }),
  );
}

function serviceWrite(next: Service__Output, read: Service__Output, reason: string): UpdateServiceAction {
  return { kind: 'update-service', service: next, version: read.meta?.version ?? 0, reason };
}

/**
 * Once a quarter of a service's slots are dirty (a deploy settling, a large node going down), one
 * indexed read of the whole service is cheaper than one per slot.
 */
function mostlyDirty(service: Service__Output, dirty: DirtyScope, nodeCount: number): boolean {
  const spec = service.spec;
  if (spec?.mode === 'global') return dirty.nodes.size * 4 > Math.max(nodeCount, 4);
  const replicas = spec?.mode === 'replicated' ? (spec.replicated?.replicas ?? 0) : 1;
  return dirty.slots.size * 4 > Math.max(replicas, 4);
}

/** The scope's tasks through the store's indexes: per slot, per (service, node), or the service's. */
export function readTasks(
  store: Pick<MemoryStore, 'find'>,
  serviceId: string,
  scope: DirtyScope,
): Task__Output[] {
  if (scope.full) return store.find('task', { serviceId });
  const byId = new Map<string, Task__Output>();
  for (const slot of scope.slots) for (const t of store.find('task', { serviceId, slot })) byId.set(t.id, t);
  for (const nodeId of scope.nodes) {
    for (const t of store.find('task', { serviceId, nodeId })) if (t.slot === 0) byId.set(t.id, t);
  }
  return [...byId.values()];
}

/**
 * `to.push(...from)` passes every element as an argument and overflows the stack past ~100k of
 * them (a 100k-replica service reconciled whole); a loop does not.
 */
function append<T>(to: T[], from: readonly T[]): void {
  for (const x of from) to.push(x);
}
