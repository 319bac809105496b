// Reconciles one slot: the tasks of a replicated service's slot, or of a global service on one
// node. Ended tasks are stopped and replaced per the restart policy, tasks that must leave their
// node are stopped and replaced at once, duplicates are trimmed, held replacements are started once
// their delay has passed, and an empty slot gets a task. The two orchestrators differ only in the
// inputs they pass.
import type { Service__Output } from '../../proto/gen/covey/v1/Service.ts';
import type { Task__Output } from '../../proto/gen/covey/v1/Task.ts';
import { TaskState } from '../../proto/gen/covey/v1/TaskState.ts';
import { type CreateTaskAction, type OrchestratorAction, setDesiredState } from './action.ts';
import { type TaskIdGenerator, newTask } from './new-task.ts';
import { heldUntil } from './restart-delay.ts';
import { resolveRestartPolicy } from './restart-policy.ts';
import type { RestartSupervisor } from './restart-supervisor.ts';
import { hasEnded, isWanted, observedState, stateName } from './task-lifecycle.ts';
import { compareByAge, newestTask } from './task-order.ts';

export interface SlotReconcileInput {
  readonly service: Service__Output;
  /** Every task of the slot, ended ones included (they decide whether the slot is settled). */
  readonly tasks: readonly Task__Output[];
  /** Slot and node of a new task: (n, '') for replicated, (0, nodeId) for global. */
  readonly slot: number;
  readonly nodeId: string;
  readonly now: number;
  readonly newId: TaskIdGenerator;
  readonly supervisor: RestartSupervisor;
  /** Why a live task must leave its node (down, drained, constraints), or undefined if it may stay. */
  readonly mustLeave: (task: Task__Output) => string | undefined;
  /** Whether a task may be created in the slot now (global: the node is ready, active, matching). */
  readonly mayCreate: boolean;
  /**
   * A rolling update owns this slot: its extra live tasks (start-first runs two at once) and its
   * replacements held at desired READY (stop-first) are the updater's to stop or start.
   */
  readonly underUpdate: boolean;
}

export function reconcileSlot(input: SlotReconcileInput): OrchestratorAction[] {
  const actions: OrchestratorAction[] = [];
  const wanted = input.tasks.filter(isWanted).sort(compareByAge);
  const ended: Task__Output[] = [];
  const displaced: string[] = [];
  const survivors: Task__Output[] = [];
  for (const t of wanted) {
    if (hasEnded(t)) {
      actions.push(setDesiredState(t, TaskState.TASK_STATE_SHUTDOWN, `task ${stateName(observedState(t))}`));
      ended.push(t);
      continue;
    }
    const why = input.mustLeave(t);
    if (why !== undefined) {
      actions.push(setDesiredState(t, TaskState.TASK_STATE_SHUTDOWN, why));
      displaced.push(why);
      continue;
    }
    survivors.push(t);
  }

  if (survivors.length > 0) {
    if (input.underUpdate) return actions;
    const keep = pickKeeper(survivors, input.service.specVersion);
    for (const t of survivors) {
      if (t !== keep)
        actions.push(setDesiredState(t, TaskState.TASK_STATE_SHUTDOWN, 'duplicate task in slot'));
    }
    const at = heldUntil(keep);
    if (at !== undefined && at <= input.now) {
      actions.push(setDesiredState(keep, TaskState.TASK_STATE_RUNNING, 'restart delay elapsed'));
    }
    return actions;
  }
  if (!input.mayCreate) return actions;

  // A task that lost its node did not end on its own: it is moved, whatever the restart policy,
  // without delay and without counting as a restart attempt.
  const movedFor = displaced[0];
  if (movedFor !== undefined) {
    actions.push(create(input, `replaces a task: ${movedFor}`));
    return actions;
  }

  const last = newestTask(ended);
  if (last !== undefined) {
    if (input.supervisor.shouldRestart(last, input.now)) actions.push(restart(input, last));
    return actions;
  }

  // Nothing wanted in the slot. It stays empty only when its last task ended on its own and the
  // policy says not to restart it; a task stopped by the manager (SHUTDOWN), or removed by a scale
  // down, leaves a slot that must be filled.
  const newest = newestTask(input.tasks.filter((t) => t.desiredState !== TaskState.TASK_STATE_REMOVE));
  const settled =
    newest !== undefined &&
    hasEnded(newest) &&
    observedState(newest) !== TaskState.TASK_STATE_SHUTDOWN &&
    !input.supervisor.shouldRestart(newest, input.now);
  if (!settled) actions.push(create(input, 'missing task'));
  return actions;
}

function create(input: SlotReconcileInput, reason: string): CreateTaskAction {
  const task = newTask({
    service: input.service,
    slot: input.slot,
    nodeId: input.nodeId,
    now: input.now,
    newId: input.newId,
  });
  return { kind: 'create-task', task, reason };
}

function restart(input: SlotReconcileInput, ended: Task__Output): CreateTaskAction {
  const delayMs = resolveRestartPolicy(input.service.spec?.task ?? null).delayMs;
  const task = newTask({
    service: input.service,
    slot: input.slot,
    nodeId: input.nodeId,
    now: input.now,
    newId: input.newId,
    desiredState: delayMs > 0 ? TaskState.TASK_STATE_READY : TaskState.TASK_STATE_RUNNING,
  });
  input.supervisor.recordRestart(task, input.now);
  const reason = `restarts task ${ended.id} (${stateName(observedState(ended))})`;
  return delayMs > 0
    ? { kind: 'create-task', task, reason, startAt: input.now + delayMs }
    : { kind: 'create-task', task, reason };
}

/**
 * The task a slot keeps among several live ones: one the manager wants running over a held one,
 * then the furthest along (RUNNING over PENDING), then one of the current spec, then the oldest.
 */
function pickKeeper(tasks: readonly Task__Output[], specVersion: number): Task__Output {
  const ranked = [...tasks].sort((a, b) => {
    if (a.desiredState !== b.desiredState) return b.desiredState - a.desiredState;
    const sa = observedState(a);
    const sb = observedState(b);
    if (sa !== sb) return sb - sa;
    const ca = a.specVersion === specVersion ? 0 : 1;
    const cb = b.specVersion === specVersion ? 0 : 1;
    if (ca !== cb) return ca - cb;
    return compareByAge(a, b);
  });
  return ranked[0] as Task__Output;
}
