// Whether a converging service is done, still on its way, or will not get there: a pure reducer
// over successive observations (time passed in), so every rule is tested without a cluster.
//
// Rules, in order:
// - The manager's update status speaks first: PAUSED and ROLLBACK_PAUSED fail with its message; a
//   rollback that started after the command's write fails it once ROLLBACK_COMPLETED (the update
//   was rolled back: the message seen at ROLLBACK_STARTED says why) and is what a `service
//   rollback` waits for. A status the write left in place (a scale keeps a rollout's status) is
//   that rollout's, not a verdict on this command: its rollback completing is not a failure.
// - A replica whose tasks of the current spec ended on their own `maxTaskEnds` times during the
//   watch fails (the restart policy may go on forever; a pipeline should not).
// - A task of the current spec PENDING with the scheduler's reason (`no suitable node (...)`) for
//   `unschedulableAfterMs` fails: the reason persisted, it was not a passing moment while nodes
//   joined or tasks stopped.
// - Converged: every slot (node) runs a task of the current spec, healthy when it has a check,
//   nothing unwanted still runs, and the update status is none or completed (rollback_completed
//   for a rollback), all of it steady for `settleMs`.
// - --timeout: not converged when the deadline passes.
import type { UpdateStatus__Output } from '../../proto/gen/covey/v1/UpdateStatus.ts';
import { UpdateState } from '../../proto/gen/covey/v1/UpdateState.ts';
import type { NotConvergedKind } from './not-converged-error.ts';
import type { ServiceProgress } from './slot-progress.ts';
import { isRollbackState, updateStateName } from './update-status-text.ts';
import { timestampMs } from '../../proto/time.ts';

/** 'rollback' for `service rollback` (and `update --rollback`); 'converge' for everything else. */
export type ConvergenceGoal = 'converge' | 'rollback';

export interface VerdictOptions {
  readonly goal: ConvergenceGoal;
  /** How long the converged picture must hold. */
  readonly settleMs: number;
  readonly unschedulableAfterMs: number;
  /** Ends of one replica's tasks of the current spec (failed, rejected, exited) that fail the watch. */
  readonly maxTaskEnds: number;
  /** undefined: no deadline. */
  readonly timeoutMs: number | undefined;
}

export const DEFAULT_VERDICT_OPTIONS: Omit<VerdictOptions, 'goal' | 'timeoutMs'> = Object.freeze({
  settleMs: 1_000,
  unschedulableAfterMs: 5_000,
  maxTaskEnds: 3,
});

export interface VerdictMemory {
  readonly startedAtMs: number;
  /** The update status right after the command's write: a rollout already under way. */
  readonly baseline: UpdateStatus__Output | null;
  /** When the converged picture was first seen (undefined: not now). */
  readonly convergedSinceMs: number | undefined;
  /** Task ID → when it was first seen waiting for a node with a reason. */
  readonly pendingSinceMs: ReadonlyMap<string, number>;
  /** Tasks that had already ended at the first observation: history, not this watch's failures. */
  readonly endedBefore: ReadonlySet<string> | undefined;
  /** The manager's message when an update turned into a rollback. */
  readonly rollbackReason: string | undefined;
}

export type Verdict =
  /** verifyingForMs: the converged picture is being held for that long before it counts. */
  | { readonly kind: 'waiting'; readonly verifyingForMs: number | undefined }
  | { readonly kind: 'converged' }
  | { readonly kind: NotConvergedKind; readonly reason: string };

export interface VerdictInput {
  readonly progress: ServiceProgress;
  readonly updateStatus: UpdateStatus__Output | null;
  readonly nowMs: number;
}

export interface Judged {
  readonly memory: VerdictMemory;
  readonly verdict: Verdict;
  /** A rollback is (or was, for this command) under way: the display says so. */
  readonly rollingBack: boolean;
}

export function startVerdict(nowMs: number, baseline: UpdateStatus__Output | null = null): VerdictMemory {
  return {
    startedAtMs: nowMs,
    baseline,
    convergedSinceMs: undefined,
    pendingSinceMs: new Map(),
    endedBefore: undefined,
    rollbackReason: undefined,
  };
}

export function judgeConvergence(
  memory: VerdictMemory,
  input: VerdictInput,
  options: VerdictOptions,
): Judged {
  const { progress, updateStatus, nowMs } = input;
  const reported = updateStatus?.state ?? UpdateState.UPDATE_STATE_UNKNOWN;
  const message = updateStatus?.message ?? '';
  // A rollback the write found under way is that rollout going on, like an update in progress.
  const inherited = isRollbackState(reported) && sameRollout(updateStatus, memory.baseline);
  const state = !inherited
    ? reported
    : reported === UpdateState.UPDATE_STATE_ROLLBACK_COMPLETED
      ? UpdateState.UPDATE_STATE_COMPLETED
      : reported === UpdateState.UPDATE_STATE_ROLLBACK_STARTED && options.goal === 'converge'
        ? UpdateState.UPDATE_STATE_UPDATING
        : reported;
  const endedBefore =
    memory.endedBefore ?? new Set([...progress.ended, ...progress.previousEnded].map((e) => e.taskId));
  const rollingBack =
    reported === UpdateState.UPDATE_STATE_ROLLBACK_STARTED ||
    (reported === UpdateState.UPDATE_STATE_ROLLBACK_COMPLETED && (!inherited || options.goal === 'rollback'));
  const rollbackReason =
    state === UpdateState.UPDATE_STATE_ROLLBACK_STARTED && options.goal === 'converge'
      ? (memory.rollbackReason ?? message)
      : memory.rollbackReason;
  const pendingSinceMs = new Map(
    progress.unschedulable.map((u) => [u.taskId, memory.pendingSinceMs.get(u.taskId) ?? nowMs]),
  );
  const next: VerdictMemory = { ...memory, endedBefore, rollbackReason, pendingSinceMs };
  const fail = (kind: NotConvergedKind, reason: string): Judged => ({
    memory: { ...next, convergedSinceMs: undefined },
    verdict: { kind, reason },
    rollingBack,
  });

  if (state === UpdateState.UPDATE_STATE_PAUSED || state === UpdateState.UPDATE_STATE_ROLLBACK_PAUSED)
    return fail(
      'paused',
      message || (state === UpdateState.UPDATE_STATE_PAUSED ? 'update paused' : 'rollback paused'),
    );
  if (state === UpdateState.UPDATE_STATE_ROLLBACK_COMPLETED && options.goal === 'converge')
    return fail('rolled-back', rollbackReason || rollbackCause(progress, endedBefore) || message);

  const endsBySlot = new Map<string, (typeof progress.ended)[number][]>();
  for (const e of progress.ended) {
    if (endedBefore.has(e.taskId)) continue;
    endsBySlot.set(e.slotKey, [...(endsBySlot.get(e.slotKey) ?? []), e]);
  }
  for (const ends of endsBySlot.values()) {
    const latest = ends[0];
    if (latest && ends.length >= options.maxTaskEnds)
      return fail('failed', `task ${latest.name} ended ${ends.length} times, last: ${latest.reason}`);
  }
  for (const u of progress.unschedulable) {
    const since = pendingSinceMs.get(u.taskId) ?? nowMs;
    if (nowMs - since >= options.unschedulableAfterMs)
      return fail('unschedulable', `task ${u.name} cannot be scheduled: ${u.reason}`);
  }

  const statusDone =
    options.goal === 'rollback'
      ? reported === UpdateState.UPDATE_STATE_ROLLBACK_COMPLETED
      : state === UpdateState.UPDATE_STATE_UNKNOWN || state === UpdateState.UPDATE_STATE_COMPLETED;
  const looksConverged = statusDone && progress.done >= progress.desired && progress.leftovers === 0;
  const convergedSinceMs = looksConverged ? (memory.convergedSinceMs ?? nowMs) : undefined;
  if (convergedSinceMs !== undefined && nowMs - convergedSinceMs >= options.settleMs)
    return { memory: { ...next, convergedSinceMs }, verdict: { kind: 'converged' }, rollingBack };

  if (options.timeoutMs !== undefined && nowMs - memory.startedAtMs >= options.timeoutMs)
    return fail(
      'timeout',
      `not converged after ${formatSeconds(options.timeoutMs)}: ${progress.done} out of ${progress.desired} tasks running` +
        (progress.leftovers > 0 ? `, ${progress.leftovers} unwanted still running` : '') +
        (updateStatus ? ` (update ${updateStateName(reported)}${message ? `: ${message}` : ''})` : ''),
    );
  return {
    memory: { ...next, convergedSinceMs },
    verdict: {
      kind: 'waiting',
      verifyingForMs: convergedSinceMs === undefined ? undefined : options.settleMs,
    },
    rollingBack,
  };
}

/** Why the manager rolled back, from the tasks, when its ROLLBACK_STARTED message was missed. */
function rollbackCause(progress: ServiceProgress, endedBefore: ReadonlySet<string>): string | undefined {
  const cause = progress.previousEnded.find((e) => !endedBefore.has(e.taskId));
  return cause && `update rolled back after task ${cause.name} failed: ${cause.reason}`;
}

/** The same rollout: statuses keep started_at from start to completion. */
function sameRollout(a: UpdateStatus__Output | null, b: UpdateStatus__Output | null): boolean {
  if (a === null || b === null) return false;
  return (
    timestampMs(a.startedAt) === timestampMs(b.startedAt) &&
    isRollbackState(a.state) === isRollbackState(b.state)
  );
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${(ms / 1000).toFixed(1)}s`;
}
