// Deletes task history the cluster no longer needs, with SwarmKit's rules: at most N tasks per
// slot (per node for global services; N = the cluster's task_history_retention_limit, default 5,
// negative = keep all, at least max_attempts + 1 so restart counting has its history), oldest
// first; removed slots' and removed services' tasks as soon as they are finished. Only finished
// tasks go: the manager no longer wants them and they ended or never reached a node.
import type { Cluster__Output } from '../../proto/gen/covey/v1/Cluster.ts';
import type { Service__Output } from '../../proto/gen/covey/v1/Service.ts';
import type { Task__Output } from '../../proto/gen/covey/v1/Task.ts';
import { TaskState } from '../../proto/gen/covey/v1/TaskState.ts';
import type { DeleteTaskAction } from './action.ts';
import { resolveRestartPolicy } from './restart-policy.ts';
import { restartKey } from './restart-supervisor.ts';
import { hasEnded, isWanted, willNeverRun } from './task-lifecycle.ts';
import { compareByAge } from './task-order.ts';

export const DEFAULT_TASK_HISTORY_LIMIT = 5;

/** The retention limit in force: absent orchestration config means the default. */
export function taskHistoryLimit(cluster: Cluster__Output | null | undefined): number {
  return cluster?.spec?.orchestration?.taskHistoryRetentionLimit ?? DEFAULT_TASK_HISTORY_LIMIT;
}

export interface TaskReaperInput {
  readonly tasks: readonly Task__Output[];
  readonly services: ReadonlyMap<string, Service__Output>;
  /** From taskHistoryLimit(cluster). */
  readonly historyLimit: number;
}

export function isFinished(task: Task__Output): boolean {
  return !isWanted(task) && (hasEnded(task) || willNeverRun(task));
}

export function reapTaskHistory(input: TaskReaperInput): DeleteTaskAction[] {
  const actions: DeleteTaskAction[] = [];
  const deleted = new Set<string>();
  const del = (t: Task__Output, reason: string) => {
    deleted.add(t.id);
    actions.push({ kind: 'delete-task', taskId: t.id, version: t.meta?.version ?? 0, reason });
  };

  const groups = new Map<string, Task__Output[]>();
  for (const t of [...input.tasks].sort(compareByAge)) {
    const service = input.services.get(t.serviceId);
    if (service === undefined) {
      if (isFinished(t)) del(t, 'service removed');
      continue;
    }
    if (t.desiredState === TaskState.TASK_STATE_REMOVE && isFinished(t)) {
      del(t, 'task removed');
      continue;
    }
    const key = `${t.serviceId}/${restartKey(t)}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [t]);
    else group.push(t);
  }

  for (const group of [...groups.values()]) {
    const first = group[0];
    if (first === undefined) continue;
    const limit = slotLimit(input.services.get(first.serviceId), input.historyLimit);
    let excess = group.length - limit;
    // Oldest first: group is in age order because the tasks were sorted before grouping.
    for (const t of group) {
      if (excess <= 0) break;
      if (isFinished(t)) {
        del(t, 'task history limit');
        excess--;
      }
    }
  }
  return actions;
}

function slotLimit(service: Service__Output | undefined, historyLimit: number): number {
  if (historyLimit < 0) return Number.POSITIVE_INFINITY;
  const maxAttempts = resolveRestartPolicy(service?.spec?.task ?? null).maxAttempts;
  return maxAttempts > 0 ? Math.max(historyLimit, maxAttempts + 1) : historyLimit;
}
