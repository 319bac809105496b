// The rolling-update planner (Swarm's update_config): from a service and its tasks as the store
// holds them, which slots to replace now, which replacements to start or old tasks to stop, and the
// service's next update_status. Every input is store state, so a new leader resumes mid-update.
import type { Node__Output } from '../../proto/gen/covey/v1/Node.ts';
import type { Service__Output } from '../../proto/gen/covey/v1/Service.ts';
import type { Task__Output } from '../../proto/gen/covey/v1/Task.ts';
import { TaskState } from '../../proto/gen/covey/v1/TaskState.ts';
import { UpdateFailureAction } from '../../proto/gen/covey/v1/UpdateFailureAction.ts';
import { UpdateOrder } from '../../proto/gen/covey/v1/UpdateOrder.ts';
import type { UpdateStatus__Output } from '../../proto/gen/covey/v1/UpdateStatus.ts';
import { timestampMs } from '../../proto/time.ts';
import { type OrchestratorAction, setDesiredState } from './action.ts';
import { type TaskIdGenerator, newTask } from './new-task.ts';
import { nodeLoss } from './node-eligibility.ts';
import { desiredReplicas } from './replicated.ts';
import { hasEnded, isLive, isWanted, observedState, willNeverRun } from './task-lifecycle.ts';
import { compareByAge } from './task-order.ts';
import { effectiveUpdateConfig } from './update-config.ts';
import {
  completedStatus,
  isPaused,
  isRolling,
  pausedStatus,
  rollbackStartedStatus,
  updatingStatus,
} from './update-status.ts';
import { countsAsUpdated, endedOnItsOwn, stateSince } from './update-task-verdict.ts';

export interface UpdatePlanInput {
  readonly service: Service__Output;
  /** The service's tasks (others are ignored), ended ones included. */
  readonly tasks: readonly Task__Output[];
  /** Every node of the cluster: a task on a lost node is the replicated reconciler's to move. */
  readonly nodes: ReadonlyMap<string, Node__Output>;
  /** Epoch ms, from the caller's clock. */
  readonly now: number;
  readonly newId: TaskIdGenerator;
}

export interface UpdatePlan {
  readonly actions: OrchestratorAction[];
  /** The service's next update_status (service.updateStatus itself when unchanged). */
  readonly status: UpdateStatus__Output | null;
  readonly statusChanged: boolean;
  /** 'rollback': failure action ROLLBACK fired; the caller swaps spec and previous_spec. */
  readonly decision: 'none' | 'rollback';
  /** Slots whose extra and held tasks are the updater's: pass to reconcileReplicated. */
  readonly slotsUnderUpdate: ReadonlySet<number>;
  /** The same for a global service, by node: pass to reconcileGlobal. */
  readonly nodesUnderUpdate: ReadonlySet<string>;
  /** When to plan again even if nothing changes: the end of a delay or of a monitor window. */
  readonly wakeAt?: number;
}

/** Where one slot stands in the update. */
type SlotStage =
  /** Nothing of the update to do (up to date, or empty: the reconciler fills it). */
  | { readonly kind: 'current' }
  /** Its out-of-date task is the replicated reconciler's this pass (ended, or on a lost node). */
  | { readonly kind: 'reconciler' }
  /** Out of date, not yet touched. */
  | { readonly kind: 'todo'; readonly old: readonly Task__Output[] }
  /** Its replacement exists and is not RUNNING (healthy) yet. */
  | { readonly kind: 'in-flight'; readonly task: Task__Output }
  /** Its replacement counts as updated since `at`; start-first's old tasks still to stop. */
  | {
      readonly kind: 'updated';
      readonly task: Task__Output;
      readonly at: number;
      readonly old: readonly Task__Output[];
    }
  /** Its replacement ended on its own (at `at`): a failure against max_failure_ratio. */
  | { readonly kind: 'failed'; readonly task: Task__Output; readonly at: number };

export function planUpdate(input: UpdatePlanInput): UpdatePlan {
  const { service, now } = input;
  const current = service.updateStatus;
  const unchanged: UpdatePlan = {
    actions: [],
    status: current,
    statusChanged: false,
    decision: 'none',
    slotsUnderUpdate: new Set(),
    nodesUnderUpdate: new Set(),
  };
  if (service.spec === null || isPaused(current)) return unchanged;

  const rolling = isRolling(current);
  // A new update starts only where live tasks run an older spec: tasks of the current spec that
  // are merely starting (a deploy, a scale, a restart) are not an update. Checked before grouping:
  // every full pass of every service comes through here.
  if (!rolling && !runsOutdated(input)) return unchanged;
  const byUnit = groupByUnit(input);
  const status = rolling && current !== null ? current : updatingStatus(now);
  const config = effectiveUpdateConfig({ ...service, updateStatus: status });
  const startedAt = timestampMs(status.startedAt) ?? now;
  const stages = new Map<UnitKey, SlotStage>();
  for (const [unit, tasks] of byUnit) stages.set(unit, stageOf(input, tasks, startedAt, config.monitorMs));
  const all = [...stages.values()];
  const count = (kind: SlotStage['kind']) => all.filter((s) => s.kind === kind).length;

  // Failures inside the update count against the tasks it has replaced so far.
  const failed = all.flatMap((s) => (s.kind === 'failed' ? [s] : []));
  const replaced = failed.length + count('updated') + count('in-flight');
  const latestFailure = failed.sort((a, b) => b.at - a.at)[0];
  if (
    latestFailure !== undefined &&
    failed.length / replaced > config.maxFailureRatio &&
    config.failureAction !== UpdateFailureAction.UPDATE_FAILURE_ACTION_CONTINUE
  ) {
    // effectiveUpdateConfig already turned a rollback's own ROLLBACK into PAUSE; with no previous
    // spec to go back to, pausing is all that is left.
    const rollback =
      config.failureAction === UpdateFailureAction.UPDATE_FAILURE_ACTION_ROLLBACK &&
      service.previousSpec !== null;
    return {
      ...unchanged,
      status: rollback
        ? rollbackStartedStatus(now, latestFailure.task)
        : pausedStatus(status, now, latestFailure.task),
      statusChanged: true,
      decision: rollback ? 'rollback' : 'none',
    };
  }

  const actions: OrchestratorAction[] = [];
  const underUpdate = new Set<UnitKey>();
  let wakeAt: number | undefined;
  const wake = (at: number) => {
    if (at > now && (wakeAt === undefined || at < wakeAt)) wakeAt = at;
  };
  let lastFinish: number | undefined;
  let monitoring = false;
  for (const [unit, stage] of stages) {
    if (stage.kind === 'in-flight') {
      underUpdate.add(unit);
      if (stage.task.desiredState === TaskState.TASK_STATE_READY && previousEnded(input, byUnit.get(unit))) {
        actions.push(setDesiredState(stage.task, TaskState.TASK_STATE_RUNNING, 'previous task stopped'));
      }
    } else if (stage.kind === 'updated') {
      for (const t of stage.old) {
        actions.push(setDesiredState(t, TaskState.TASK_STATE_SHUTDOWN, `replaced by task ${stage.task.id}`));
      }
      if (stage.old.length > 0) underUpdate.add(unit);
      lastFinish = Math.max(lastFinish ?? stage.at, stage.at);
      if (stage.at + config.monitorMs > now) {
        monitoring = true;
        wake(stage.at + config.monitorMs);
      }
    } else if (stage.kind === 'failed') {
      lastFinish = Math.max(lastFinish ?? stage.at, stage.at);
    }
  }

  // Start as many out-of-date slots as parallelism leaves room for, once the delay has passed.
  const todo = [...stages].flatMap(([unit, s]) => (s.kind === 'todo' ? [{ unit, old: s.old }] : []));
  const inFlight = count('in-flight');
  const room = config.parallelism === 0 ? todo.length : Math.max(0, config.parallelism - inFlight);
  const delayEnds = lastFinish === undefined ? now : lastFinish + config.delayMs;
  if (todo.length > 0 && room > 0 && delayEnds > now) wake(delayEnds);
  else {
    for (const { unit, old } of todo.slice(0, room)) {
      underUpdate.add(unit);
      actions.push(...replaceSlot(input, unit, old, config.order));
    }
  }

  const done = todo.length === 0 && inFlight === 0 && count('reconciler') === 0 && !monitoring;
  const next = done ? completedStatus(status, now) : status;
  const plan: UpdatePlan = {
    actions,
    status: next,
    statusChanged: next !== current,
    decision: 'none',
    slotsUnderUpdate: new Set([...underUpdate].filter((u): u is number => typeof u === 'number')),
    nodesUnderUpdate: new Set([...underUpdate].filter((u): u is string => typeof u === 'string')),
  };
  return wakeAt === undefined || done ? plan : { ...plan, wakeAt };
}

/** A replicated service's slot number, or the node a global service's task runs on. */
type UnitKey = number | string;

/**
 * The units the update walks, each with its tasks oldest first: slots 1..replicas of a replicated
 * service; for a global service, the nodes that hold one of its tasks (the global reconciler places
 * tasks on nodes without one, already of the current spec).
 */
function groupByUnit(input: UpdatePlanInput): Map<UnitKey, Task__Output[]> {
  const { service } = input;
  const global = service.spec?.mode === 'global';
  const byUnit = new Map<UnitKey, Task__Output[]>();
  if (!global) for (let slot = 1; slot <= desiredReplicas(service); slot++) byUnit.set(slot, []);
  for (const t of input.tasks) {
    if (t.serviceId !== service.id) continue;
    const unit: UnitKey | undefined = global
      ? t.slot === 0 && t.nodeId !== ''
        ? t.nodeId
        : undefined
      : t.slot;
    if (unit === undefined) continue;
    const list = byUnit.get(unit);
    if (list !== undefined) list.push(t);
    else if (global) byUnit.set(unit, [t]);
  }
  for (const list of byUnit.values()) list.sort(compareByAge);
  return byUnit;
}

function stageOf(
  input: UpdatePlanInput,
  tasks: readonly Task__Output[],
  startedAt: number,
  monitorMs: number,
): SlotStage {
  const version = input.service.specVersion;
  const lost = (t: Task__Output) => t.nodeId !== '' && nodeLoss(input.nodes.get(t.nodeId)) !== undefined;
  // The replacements this update made: the current version, created since it started. A rollback
  // restores an older version whose earlier tasks predate the rollback and so are not among them.
  const replacements = tasks.filter(
    (t) => t.specVersion === version && (timestampMs(t.meta?.createdAt) ?? 0) >= startedAt,
  );
  const failure = replacements.filter((t) => endedOnItsOwn(t) && failedWithin(t, monitorMs)).at(-1);
  if (failure !== undefined) return { kind: 'failed', task: failure, at: stateSince(failure) };

  const old = tasks.filter((t) => t.specVersion !== version && isLive(t) && !lost(t));
  const fresh = tasks.filter((t) => t.specVersion === version && isLive(t) && !lost(t)).at(-1);
  if (old.length === 0) {
    if (fresh === undefined || !replacements.includes(fresh)) return { kind: 'current' };
    return countsAsUpdated(fresh)
      ? { kind: 'updated', task: fresh, at: stateSince(fresh), old: [] }
      : { kind: 'in-flight', task: fresh };
  }
  if (fresh !== undefined) {
    return countsAsUpdated(fresh)
      ? { kind: 'updated', task: fresh, at: stateSince(fresh), old }
      : { kind: 'in-flight', task: fresh };
  }
  // An out-of-date task that ended or must leave its node is replaced by the replicated reconciler
  // (with the current spec); touching it here too would put two replacements in the slot.
  const theirs = tasks.some((t) => t.specVersion !== version && isWanted(t) && (hasEnded(t) || lost(t)));
  return theirs ? { kind: 'reconciler' } : { kind: 'todo', old };
}

/**
 * Whether a replacement's failure counts against the update: it never ran, or it ended inside the
 * monitor window that began when it first ran. A replacement that fails long after is an ordinary
 * task failure, left to its restart policy.
 */
function failedWithin(task: Task__Output, monitorMs: number): boolean {
  const ran = timestampMs(task.status?.startedAt);
  return ran === undefined || stateSince(task) - ran <= monitorMs;
}

function runsOutdated(input: UpdatePlanInput): boolean {
  const { id, specVersion } = input.service;
  for (const t of input.tasks)
    if (t.serviceId === id && t.specVersion !== specVersion && isLive(t)) return true;
  return false;
}

/** stop-first: every out-of-date task of the slot has stopped (or never will run, or lost its node). */
function previousEnded(input: UpdatePlanInput, tasks: readonly Task__Output[] | undefined): boolean {
  return (tasks ?? []).every(
    (t) =>
      t.specVersion === input.service.specVersion ||
      hasEnded(t) ||
      willNeverRun(t) ||
      (t.nodeId !== '' && nodeLoss(input.nodes.get(t.nodeId)) !== undefined),
  );
}

function replaceSlot(
  input: UpdatePlanInput,
  unit: UnitKey,
  old: readonly Task__Output[],
  order: number,
): OrchestratorAction[] {
  const startFirst = order === UpdateOrder.UPDATE_ORDER_START_FIRST;
  // stop-first, as Swarm: the replacement is created held (desired READY) while the old task stops,
  // so the slot is never empty in the store and the scheduler can place it meanwhile.
  const hold = !startFirst && old.some((t) => observedState(t) >= TaskState.TASK_STATE_ASSIGNED);
  const task = newTask({
    service: input.service,
    slot: typeof unit === 'number' ? unit : 0,
    nodeId: typeof unit === 'string' ? unit : '',
    now: input.now,
    newId: input.newId,
    desiredState: hold ? TaskState.TASK_STATE_READY : TaskState.TASK_STATE_RUNNING,
  });
  const actions: OrchestratorAction[] = [];
  if (!startFirst) {
    for (const t of old)
      actions.push(setDesiredState(t, TaskState.TASK_STATE_SHUTDOWN, 'updating to new spec'));
  }
  actions.push({ kind: 'create-task', task, reason: startFirst ? 'update (start-first)' : 'update' });
  return actions;
}
