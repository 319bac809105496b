// `service ps` rows: a slot's current task first, its history under it as ` \_ name`, with
// Docker's columns and "Running 5 seconds ago".
import type { Task__Output } from '../../proto/gen/covey/v1/Task.ts';
import { TaskState } from '../../proto/gen/covey/v1/TaskState.ts';
import { timestampMs } from '../../proto/time.ts';
import { taskStateName } from './state-names.ts';
import { taskImage } from './service-summary.ts';
import { humanDuration } from './time-ago.ts';

export const TASK_HEADERS = [
  'ID',
  'NAME',
  'IMAGE',
  'NODE',
  'DESIRED STATE',
  'CURRENT STATE',
  'ERROR',
] as const;

export interface TaskRowContext {
  readonly serviceName: (serviceId: string) => string;
  readonly nodeName: (nodeId: string) => string;
  readonly nowMs: number;
  /** `--no-trunc`: whole IDs and errors (default: 12-character IDs, errors cut as Docker does). */
  readonly noTrunc?: boolean;
}

/** Longer errors are cut in the table (the whole text is in `--no-trunc` and `--format json`). */
const MAX_ERROR = 60;

export function taskRows(tasks: readonly Task__Output[], ctx: TaskRowContext): string[][] {
  const slotKey = (t: Task__Output): string => `${t.serviceId}/${t.slot > 0 ? t.slot : t.nodeId}`;
  // Per slot (a global service's: per node), the task meant to run first, then newest first.
  const sorted = [...tasks].sort(
    (a, b) =>
      ctx.serviceName(a.serviceId).localeCompare(ctx.serviceName(b.serviceId)) ||
      a.slot - b.slot ||
      (a.slot > 0 ? 0 : a.nodeId.localeCompare(b.nodeId)) ||
      Number(isWanted(b)) - Number(isWanted(a)) ||
      createdMs(b) - createdMs(a) ||
      stateMs(b) - stateMs(a),
  );
  let previous = '';
  return sorted.map((t) => {
    const key = slotKey(t);
    const name = `${ctx.serviceName(t.serviceId)}.${t.slot > 0 ? t.slot : t.nodeId}`;
    const row = [
      ctx.noTrunc ? t.id : t.id.slice(0, 12),
      key === previous ? ` \\_ ${name}` : name,
      taskImage(t.spec),
      t.nodeId ? ctx.nodeName(t.nodeId) : '',
      taskStateName(t.desiredState),
      currentState(t, ctx.nowMs),
      t.status?.err ? JSON.stringify(ctx.noTrunc ? t.status.err : cut(t.status.err)) : '',
    ];
    previous = key;
    return row;
  });
}

function cut(text: string): string {
  return text.length <= MAX_ERROR ? text : `${text.slice(0, MAX_ERROR - 1)}…`;
}

/** Desired to run (or held ready to): the slot's current task rather than its history. */
function isWanted(t: Task__Output): boolean {
  return t.desiredState <= TaskState.TASK_STATE_RUNNING;
}

/** Epoch ms of a task's creation and of its current state (0 when unset), by proto/time.ts. */
const createdMs = (t: Task__Output): number => timestampMs(t.meta?.createdAt) ?? 0;
const stateMs = (t: Task__Output): number => timestampMs(t.status?.timestamp) ?? 0;

function currentState(t: Task__Output, nowMs: number): string {
  const state = taskStateName(t.status?.state ?? 0);
  const at = stateMs(t);
  return at === 0 ? state : `${state} ${humanDuration(Math.max(0, nowMs - at))} ago`;
}
