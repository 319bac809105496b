// Decides whether an ended task is replaced, under its restart policy: condition (any, on-failure,
// none) and at most max_attempts restarts per slot, counted within a sliding window (SwarmKit's
// semantics). The attempt history lives in memory, as SwarmKit's does: a new leader starts counting
// afresh. Time is always passed in, never read.
import { RestartCondition } from '../../proto/gen/covey/v1/RestartCondition.ts';
import type { Task__Output } from '../../proto/gen/covey/v1/Task.ts';
import { TaskState } from '../../proto/gen/covey/v1/TaskState.ts';
import { timestampMs } from '../../proto/time.ts';
import { resolveRestartPolicy } from './restart-policy.ts';
import { observedState } from './task-lifecycle.ts';

interface SlotRestarts {
  /** Spec version the attempts were made under: an updated service starts with a clean count. */
  specVersion: number;
  total: number;
  /** Epoch ms of each restart, oldest first (kept only when the policy has a window). */
  times: number[];
}

/** Replicated tasks are counted per slot, global ones per node (their slot is always 0). */
export function restartKey(task: Pick<Task__Output, 'slot' | 'nodeId'>): string {
  return task.slot > 0 ? `slot:${task.slot}` : `node:${task.nodeId}`;
}

export class RestartSupervisor {
  private readonly byService = new Map<string, Map<string, SlotRestarts>>();

  /** Whether the ended task `task` should get a replacement. */
  shouldRestart(task: Task__Output, now: number): boolean {
    const policy = resolveRestartPolicy(task.spec);
    const state = observedState(task);
    if (policy.condition === RestartCondition.RESTART_CONDITION_NONE) return false;
    if (
      policy.condition === RestartCondition.RESTART_CONDITION_ON_FAILURE &&
      state === TaskState.TASK_STATE_COMPLETE
    ) {
      return false;
    }
    if (policy.maxAttempts === 0) return true;
    const info = this.byService.get(task.serviceId)?.get(restartKey(task));
    if (info === undefined || info.specVersion !== task.specVersion) return true;
    if (policy.windowMs === 0) return info.total < policy.maxAttempts;
    // The window ends when this task ended, so the answer for a given task does not drift with
    // the time reconciliation happens to run.
    const endedAt = timestampMs(task.status?.timestamp) ?? now;
    const from = endedAt - policy.windowMs;
    let inWindow = 0;
    for (const t of info.times) if (t > from && t <= endedAt) inWindow++;
    return inWindow < policy.maxAttempts;
  }

  /** Counts `replacement` (just created for an ended task) as one restart of its slot at `now`. */
  recordRestart(replacement: Task__Output, now: number): void {
    const policy = resolveRestartPolicy(replacement.spec);
    let slots = this.byService.get(replacement.serviceId);
    if (slots === undefined) {
      slots = new Map();
      this.byService.set(replacement.serviceId, slots);
    }
    const key = restartKey(replacement);
    let info = slots.get(key);
    if (info === undefined || info.specVersion !== replacement.specVersion) {
      info = { specVersion: replacement.specVersion, total: 0, times: [] };
      slots.set(key, info);
    }
    info.total++;
    if (policy.windowMs > 0) {
      info.times.push(now);
      // Restarts older than one window before now can no longer count for any later failure.
      const from = now - policy.windowMs;
      while (info.times.length > 0 && (info.times[0] ?? 0) <= from) info.times.shift();
    }
  }

  /** Restarts recorded for a slot (tests and `service inspect`). */
  attempts(serviceId: string, key: string): number {
    return this.byService.get(serviceId)?.get(key)?.total ?? 0;
  }

  /** Drops the history of a removed service. */
  forgetService(serviceId: string): void {
    this.byService.delete(serviceId);
  }
}
