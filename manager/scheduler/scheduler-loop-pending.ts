// Which tasks the scheduler loop acts on: PENDING tasks the manager still wants to run (desired
// RUNNING, or READY while a restart delay holds them, as SwarmKit). An unassigned one needs a node
// picked; a preassigned one (a global service's task, created for its node) needs its node confirmed.
import type { Task__Output } from '../../proto/gen/covey/v1/Task.ts';
import { TaskState } from '../../proto/gen/covey/v1/TaskState.ts';

export type PendingKind = 'place' | 'confirm';

/** What the scheduler has to do with `task`, or undefined when the task is not its business. */
export function pendingKind(task: Task__Output): PendingKind | undefined {
  if (task.status?.state !== TaskState.TASK_STATE_PENDING) return undefined;
  // A desired state past RUNNING means the orchestrator gave up on the task: never assign it.
  if (task.desiredState > TaskState.TASK_STATE_RUNNING) return undefined;
  return task.nodeId === '' ? 'place' : 'confirm';
}
