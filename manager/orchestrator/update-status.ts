// A service's update_status and the moves between its states (updating, paused, completed and
// their rollback twins). Built from values only, so the planner stays pure and a new leader reads
// the same state back from the store.
import type { Task__Output } from '../../proto/gen/covey/v1/Task.ts';
import type { UpdateStatus__Output } from '../../proto/gen/covey/v1/UpdateStatus.ts';
import { UpdateState } from '../../proto/gen/covey/v1/UpdateState.ts';
import { timestampFromMs } from '../../proto/time.ts';
import { observedState, stateName } from './task-lifecycle.ts';

/** At most 4 KiB (UpdateStatus.message). */
const MAX_MESSAGE = 4096;

export function isRollback(status: UpdateStatus__Output | null): boolean {
  const s = status?.state;
  return (
    s === UpdateState.UPDATE_STATE_ROLLBACK_STARTED ||
    s === UpdateState.UPDATE_STATE_ROLLBACK_PAUSED ||
    s === UpdateState.UPDATE_STATE_ROLLBACK_COMPLETED
  );
}

/** Stopped by a failure action: nothing moves until the spec changes (the control API clears it). */
export function isPaused(status: UpdateStatus__Output | null): boolean {
  const s = status?.state;
  return s === UpdateState.UPDATE_STATE_PAUSED || s === UpdateState.UPDATE_STATE_ROLLBACK_PAUSED;
}

/** An update or rollback is under way. */
export function isRolling(status: UpdateStatus__Output | null): boolean {
  const s = status?.state;
  return s === UpdateState.UPDATE_STATE_UPDATING || s === UpdateState.UPDATE_STATE_ROLLBACK_STARTED;
}

export function updatingStatus(now: number): UpdateStatus__Output {
  return {
    state: UpdateState.UPDATE_STATE_UPDATING,
    startedAt: timestampFromMs(now),
    completedAt: null,
    message: 'update in progress',
  };
}

/** COMPLETED or ROLLBACK_COMPLETED, keeping when it started. */
export function completedStatus(current: UpdateStatus__Output, now: number): UpdateStatus__Output {
  const rollback = isRollback(current);
  return {
    state: rollback ? UpdateState.UPDATE_STATE_ROLLBACK_COMPLETED : UpdateState.UPDATE_STATE_COMPLETED,
    startedAt: current.startedAt,
    completedAt: timestampFromMs(now),
    message: rollback ? 'rollback completed' : 'update completed',
  };
}

/** PAUSED or ROLLBACK_PAUSED because `task` failed inside its monitor window. */
export function pausedStatus(
  current: UpdateStatus__Output,
  now: number,
  task: Task__Output,
): UpdateStatus__Output {
  const rollback = isRollback(current);
  const what = rollback ? 'rollback paused' : 'update paused';
  return {
    state: rollback ? UpdateState.UPDATE_STATE_ROLLBACK_PAUSED : UpdateState.UPDATE_STATE_PAUSED,
    startedAt: current.startedAt,
    completedAt: timestampFromMs(now),
    message: failureMessage(what, task),
  };
}

/** ROLLBACK_STARTED by failure action ROLLBACK; the caller swaps spec and previous_spec. */
export function rollbackStartedStatus(now: number, task: Task__Output): UpdateStatus__Output {
  return {
    state: UpdateState.UPDATE_STATE_ROLLBACK_STARTED,
    startedAt: timestampFromMs(now),
    completedAt: null,
    message: failureMessage('update rolled back', task),
  };
}

/** Swarm's wording, with the task's own error so `service inspect` says what went wrong. */
function failureMessage(what: string, task: Task__Output): string {
  const err = task.status?.err || stateName(observedState(task));
  const message = `${what} due to failure or early termination of task ${task.id}: ${err}`;
  return message.length <= MAX_MESSAGE ? message : `${message.slice(0, MAX_MESSAGE - 3)}...`;
}
