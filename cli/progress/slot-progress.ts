// Where each replica slot (or each node, for a global service) of a converging service stands:
// the task that speaks for it, whether it runs the current spec, and what keeps it from doing so.
// Pure: computed from one ServiceObservation.
import type { Task__Output } from '../../proto/gen/covey/v1/Task.ts';
import { TaskHealth } from '../../proto/gen/covey/v1/TaskHealth.ts';
import { TaskState } from '../../proto/gen/covey/v1/TaskState.ts';
import { timestampMs } from '../../proto/time.ts';
import { countsAsUpdated, endedOnItsOwn } from '../../manager/orchestrator/update-task-verdict.ts';
import type { ServiceObservation } from './service-observation.ts';

/** The states a task walks to RUNNING, in order: the progress bar's steps. */
export const TASK_STEPS: readonly number[] = [
  TaskState.TASK_STATE_NEW,
  TaskState.TASK_STATE_PENDING,
  TaskState.TASK_STATE_ASSIGNED,
  TaskState.TASK_STATE_ACCEPTED,
  TaskState.TASK_STATE_PREPARING,
  TaskState.TASK_STATE_READY,
  TaskState.TASK_STATE_STARTING,
  TaskState.TASK_STATE_RUNNING,
];

export interface SlotProgress {
  /** The slot number, or the node ID of a global service's task. */
  readonly key: string;
  /** `3/6`, or the node's hostname. */
  readonly label: string;
  /** `web.3` or `web.node1`, for messages. */
  readonly name: string;
  /** The task shown: the newest of the current spec, else the newest of any. */
  readonly task: Task__Output | undefined;
  /** Its state as a word (`running`, `pending`, `outdated` for a task of an older spec, `new`). */
  readonly state: string;
  /** 1..TASK_STEPS.length along the way to running (0 when there is no task yet, or it ended). */
  readonly step: number;
  /** Runs a task of the current spec, healthy when it has a healthcheck. */
  readonly done: boolean;
  /** Why it is stuck, shown instead of the bar: the scheduler's or the task's error. */
  readonly message: string;
}

export interface TaskIssue {
  readonly taskId: string;
  readonly slotKey: string;
  readonly name: string;
  readonly reason: string;
}

export interface ServiceProgress {
  readonly serviceName: string;
  /** Replicas, or a global service's eligible nodes. */
  readonly desired: number;
  /** Slots (nodes) whose task of the current spec runs. */
  readonly done: number;
  readonly slots: readonly SlotProgress[];
  /** Tasks on a node that are no longer wanted (beyond the replica count, or of an older spec). */
  readonly leftovers: number;
  /** Tasks of the current spec waiting for a node, with the scheduler's reason. */
  readonly unschedulable: readonly TaskIssue[];
  /** Tasks of the current spec that ended on their own (failed, rejected, exited), newest first. */
  readonly ended: readonly TaskIssue[];
  /**
   * The same for the previous spec: after a rollback, the failures of the update it undid (what
   * made the manager roll back, when its ROLLBACK_STARTED message went by unseen).
   */
  readonly previousEnded: readonly TaskIssue[];
}

export function serviceProgress(o: ServiceObservation): ServiceProgress {
  const { service } = o;
  const serviceName = service.spec?.annotations?.name || service.id;
  const global = Boolean(service.spec?.global);
  const version = service.specVersion;
  const current = (t: Task__Output) => t.specVersion === version;
  const wanted = (t: Task__Output) => t.desiredState <= TaskState.TASK_STATE_RUNNING;
  const onLostNode = (t: Task__Output) => t.nodeId !== '' && o.nodes.get(t.nodeId)?.down === true;
  const replicas = global ? 0 : (service.spec?.replicated?.replicas ?? 0);

  const unitOf = (t: Task__Output): string | undefined => {
    if (global) return t.nodeId !== '' ? t.nodeId : undefined;
    return t.slot >= 1 && t.slot <= replicas ? String(t.slot) : undefined;
  };
  const labelOf = (unit: string) =>
    global ? (o.nodes.get(unit)?.hostname ?? unit.slice(0, 12)) : `${unit}/${replicas}`;
  const nameOf = (unit: string) =>
    `${serviceName}.${global ? (o.nodes.get(unit)?.hostname ?? unit.slice(0, 12)) : unit}`;

  const byUnit = new Map<string, Task__Output[]>();
  if (!global) for (let slot = 1; slot <= replicas; slot++) byUnit.set(String(slot), []);
  let leftovers = 0;
  const unschedulable: TaskIssue[] = [];
  const ended: TaskIssue[] = [];
  const previousEnded: TaskIssue[] = [];
  const previous = (t: Task__Output) => !current(t) && t.specVersion === service.previousSpecVersion;
  for (const t of [...o.tasks].sort(newestFirst)) {
    const unit = unitOf(t);
    const state = observed(t);
    const onNode = state >= TaskState.TASK_STATE_ASSIGNED && state <= TaskState.TASK_STATE_RUNNING;
    if (onNode && !onLostNode(t) && (unit === undefined || !current(t))) leftovers++;
    if (unit === undefined) continue;
    if (previous(t) && endedOnItsOwn(t))
      previousEnded.push({
        taskId: t.id,
        slotKey: unit,
        name: nameOf(unit),
        reason: t.status?.err || endedReason(t),
      });
    if (current(t)) {
      const issue = { taskId: t.id, slotKey: unit, name: nameOf(unit) };
      if (endedOnItsOwn(t)) ended.push({ ...issue, reason: t.status?.err || endedReason(t) });
      else if (wanted(t) && state === TaskState.TASK_STATE_PENDING && t.status?.err)
        unschedulable.push({ ...issue, reason: t.status.err });
    }
    // A global service's node shows once it holds a task the manager still wants there.
    if (global && !byUnit.has(unit) && !wanted(t)) continue;
    const list = byUnit.get(unit) ?? [];
    list.push(t);
    byUnit.set(unit, list);
  }

  const slots: SlotProgress[] = [];
  for (const [unit, newest] of byUnit) {
    const shown =
      newest.find((t) => current(t) && wanted(t)) ?? newest.find(current) ?? newest.find(wanted) ?? newest[0];
    slots.push(slotOf({ key: unit, label: labelOf(unit), name: nameOf(unit), task: shown }, current));
  }
  if (global) slots.sort((a, b) => a.label.localeCompare(b.label));
  return {
    serviceName,
    desired: global ? (o.globalDesired ?? slots.length) : replicas,
    done: slots.filter((s) => s.done).length,
    slots,
    leftovers,
    unschedulable,
    ended,
    previousEnded,
  };
}

function slotOf(
  base: Pick<SlotProgress, 'key' | 'label' | 'name' | 'task'>,
  current: (t: Task__Output) => boolean,
): SlotProgress {
  const task = base.task;
  if (task === undefined) return { ...base, state: 'new', step: 0, done: false, message: '' };
  const state = observed(task);
  const word = stateWord(state);
  if (!current(task)) return { ...base, state: `outdated (${word})`, step: 0, done: false, message: '' };
  const done =
    task.desiredState <= TaskState.TASK_STATE_RUNNING &&
    state === TaskState.TASK_STATE_RUNNING &&
    countsAsUpdated(task);
  const err = task.status?.err ?? '';
  // A running task its healthcheck holds back says so instead of looking finished.
  const health = task.status?.health;
  const shownState =
    state !== TaskState.TASK_STATE_RUNNING || done
      ? word
      : health === TaskHealth.TASK_HEALTH_UNHEALTHY
        ? 'running (unhealthy)'
        : health === TaskHealth.TASK_HEALTH_STARTING
          ? 'running (health: starting)'
          : word;
  return {
    ...base,
    state: shownState,
    step: TASK_STEPS.indexOf(state) + 1,
    done,
    message: state > TaskState.TASK_STATE_RUNNING || state === TaskState.TASK_STATE_PENDING ? err : '',
  };
}

function observed(t: Task__Output): number {
  return t.status?.state ?? TaskState.TASK_STATE_NEW;
}

function newestFirst(a: Task__Output, b: Task__Output): number {
  const age = (t: Task__Output) => timestampMs(t.meta?.createdAt) ?? 0;
  return age(b) - age(a) || (b.meta?.version ?? 0) - (a.meta?.version ?? 0);
}

const WORDS = new Map<number, string>(
  Object.entries(TaskState).map(([k, v]) => [v, k.slice('TASK_STATE_'.length).toLowerCase()]),
);

export function stateWord(state: number): string {
  return WORDS.get(state) ?? `state(${state})`;
}

function endedReason(t: Task__Output): string {
  const exit = t.status?.containerStatus?.exitCode ?? t.status?.processStatus?.exitCode;
  const word = stateWord(observed(t));
  return exit !== undefined && exit !== 0 ? `${word} (exit code ${exit})` : `${word} (exited)`;
}
