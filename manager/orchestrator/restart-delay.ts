// When a replacement held by its restart delay (desired READY) may start. Derived from the task
// itself (created_at on the leader's clock + its policy's delay), so a new leader resumes held
// tasks without any state handed over.
import type { Task__Output } from '../../proto/gen/covey/v1/Task.ts';
import { TaskState } from '../../proto/gen/covey/v1/TaskState.ts';
import { timestampMs } from '../../proto/time.ts';
import { resolveRestartPolicy } from './restart-policy.ts';
import { hasEnded } from './task-lifecycle.ts';

/** Epoch ms at which a held task starts, or undefined when the task is not held. */
export function heldUntil(task: Task__Output): number | undefined {
  if (task.desiredState !== TaskState.TASK_STATE_READY || hasEnded(task)) return undefined;
  return (timestampMs(task.meta?.createdAt) ?? 0) + resolveRestartPolicy(task.spec).delayMs;
}

/** The earliest time after `now` at which a held task becomes due: when to reconcile next. */
export function nextWakeAt(tasks: Iterable<Task__Output>, now: number): number | undefined {
  let next: number | undefined;
  for (const t of tasks) {
    const at = heldUntil(t);
    if (at !== undefined && at > now && (next === undefined || at < next)) next = at;
  }
  return next;
}
