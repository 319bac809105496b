// A service's update_status as Docker prints it (`paused`, `rollback_completed`), for `service
// inspect --pretty`, `service ps` and the progress display.
import type { UpdateStatus__Output } from '../../proto/gen/covey/v1/UpdateStatus.ts';
import { UpdateState } from '../../proto/gen/covey/v1/UpdateState.ts';
import { timestampMs } from '../../proto/time.ts';
import { humanDuration } from '../commands/time-ago.ts';

const NAMES = new Map<number, string>([
  [UpdateState.UPDATE_STATE_UNKNOWN, 'unknown'],
  [UpdateState.UPDATE_STATE_UPDATING, 'updating'],
  [UpdateState.UPDATE_STATE_PAUSED, 'paused'],
  [UpdateState.UPDATE_STATE_COMPLETED, 'completed'],
  [UpdateState.UPDATE_STATE_ROLLBACK_STARTED, 'rollback_started'],
  [UpdateState.UPDATE_STATE_ROLLBACK_PAUSED, 'rollback_paused'],
  [UpdateState.UPDATE_STATE_ROLLBACK_COMPLETED, 'rollback_completed'],
]);

export function updateStateName(state: number): string {
  return NAMES.get(state) ?? `state(${state})`;
}

export function isRollbackState(state: number | undefined): boolean {
  return (
    state === UpdateState.UPDATE_STATE_ROLLBACK_STARTED ||
    state === UpdateState.UPDATE_STATE_ROLLBACK_PAUSED ||
    state === UpdateState.UPDATE_STATE_ROLLBACK_COMPLETED
  );
}

/** `paused 5 seconds ago (started 1 minute ago): update paused due to ...`, on one line. */
export function updateStatusSummary(status: UpdateStatus__Output, nowMs: number): string {
  const ago = (ms: number | undefined) =>
    ms === undefined ? undefined : `${humanDuration(Math.max(0, nowMs - ms))} ago`;
  const started = ago(timestampMs(status.startedAt));
  const completed = ago(timestampMs(status.completedAt));
  const when = completed
    ? `${completed}${started ? ` (started ${started})` : ''}`
    : started
      ? `since ${started}`
      : '';
  const head = [updateStateName(status.state), when].filter((s) => s !== '').join(' ');
  // `update completed …: update completed` says it twice; a reason (paused due to …) is news.
  return status.message && !head.startsWith(status.message) ? `${head}: ${status.message}` : head;
}
