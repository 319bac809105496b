// What one replacement task means for a rolling update: whether it counts as updated yet (RUNNING,
// and HEALTHY when its spec has a healthcheck) or as a failure (it ended on its own).
import type { HealthConfig__Output } from '../../proto/gen/covey/v1/HealthConfig.ts';
import type { Task__Output } from '../../proto/gen/covey/v1/Task.ts';
import { TaskHealth } from '../../proto/gen/covey/v1/TaskHealth.ts';
import { TaskState } from '../../proto/gen/covey/v1/TaskState.ts';
import type { TaskSpec__Output } from '../../proto/gen/covey/v1/TaskSpec.ts';
import { timestampMs } from '../../proto/time.ts';
import { observedState } from './task-lifecycle.ts';

/**
 * The spec names a healthcheck of its own. An empty test inherits the image's check, which the
 * manager cannot see: then only the health the agent reports gates the task (STARTING holds it).
 */
export function hasHealthcheck(spec: TaskSpec__Output | null): boolean {
  const h: HealthConfig__Output | null | undefined =
    spec?.runtime === 'container'
      ? spec.container?.healthcheck
      : spec?.runtime === 'process'
        ? spec.process?.healthcheck
        : null;
  if (h === null || h === undefined || h.test.length === 0) return false;
  return h.test[0] !== 'NONE';
}

/** RUNNING, and healthy when it has a healthcheck: the slot's replacement is done. */
export function countsAsUpdated(task: Task__Output): boolean {
  if (observedState(task) !== TaskState.TASK_STATE_RUNNING) return false;
  const health = task.status?.health ?? TaskHealth.TASK_HEALTH_NONE;
  if (health === TaskHealth.TASK_HEALTH_HEALTHY) return true;
  if (health !== TaskHealth.TASK_HEALTH_NONE) return false;
  return !hasHealthcheck(task.spec);
}

/**
 * Ended on its own: failed, rejected, exited (even with 0: a service task is meant to keep
 * running) or orphaned. SHUTDOWN is the manager's own doing (update, drain, node loss) and is not.
 */
export function endedOnItsOwn(task: Task__Output): boolean {
  const s = observedState(task);
  return (
    s === TaskState.TASK_STATE_FAILED ||
    s === TaskState.TASK_STATE_REJECTED ||
    s === TaskState.TASK_STATE_COMPLETE ||
    s === TaskState.TASK_STATE_ORPHANED
  );
}

/** When the task reached its present state (RUNNING: since when it runs; ended: when it ended). */
export function stateSince(task: Task__Output): number {
  return timestampMs(task.status?.timestamp) ?? timestampMs(task.meta?.createdAt) ?? 0;
}
