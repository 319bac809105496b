// Where a task stands in Swarm's lifecycle, as the orchestrators need to ask it. TaskState numbers
// are in lifecycle order, so every question is a comparison.
import type { Task__Output } from '../../proto/gen/covey/v1/Task.ts';
import { TaskState, type TaskState__Output } from '../../proto/gen/covey/v1/TaskState.ts';

export function observedState(task: Task__Output): TaskState__Output {
  return task.status?.state ?? TaskState.TASK_STATE_NEW;
}

/** The task ended (COMPLETE, SHUTDOWN, FAILED, REJECTED, ORPHANED): it will never run again. */
export function hasEnded(task: Task__Output): boolean {
  return observedState(task) > TaskState.TASK_STATE_RUNNING;
}

/** The manager still wants the task to run (RUNNING, or READY while a restart delay holds it). */
export function isWanted(task: Task__Output): boolean {
  return task.desiredState <= TaskState.TASK_STATE_RUNNING;
}

/** Wanted and not ended: the task occupies its slot (or node, for a global service). */
export function isLive(task: Task__Output): boolean {
  return isWanted(task) && !hasEnded(task);
}

/** Never reached a node and the manager no longer wants it: nothing will ever report on it again. */
export function willNeverRun(task: Task__Output): boolean {
  return observedState(task) < TaskState.TASK_STATE_ASSIGNED && !isWanted(task);
}

/** Human name of a state for reasons (`task failed`), from the generated enum's key. */
export function stateName(state: TaskState__Output): string {
  for (const [key, value] of Object.entries(TaskState)) {
    if (value === state) return key.slice('TASK_STATE_'.length).toLowerCase();
  }
  return String(state);
}
