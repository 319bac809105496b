// Where the time of one bench:swarm phase went on covey, read back from the tasks themselves: when
// the leader created the new tasks (meta.created_at), when the agent saw them RUNNING and the old
// ones stopped (status timestamps, the agent's clock: the same host), and for a rolling update the
// same per batch. Times are seconds since the phase's request.
import type { Task__Output } from '../proto/gen/covey/v1/Task.ts';
import { TaskState } from '../proto/gen/covey/v1/TaskState.ts';
import { timestampMs } from '../proto/time.ts';

export interface BatchTimeline {
  /** The batch's replacements created (the planner started it). */
  readonly created_s: number;
  /** The last old task of its slots reported stopped. */
  readonly old_stopped_s: number;
  /** The last of its replacements RUNNING at the agent. */
  readonly running_s: number;
}

export interface PhaseTimeline {
  /** The last new task created by the leader. */
  readonly created_last_s: number;
  /** The first and the last new task RUNNING at the agent. */
  readonly running_first_s: number;
  readonly running_last_s: number;
  /** Rolling update only: each batch of `parallelism` replacements, in creation order. */
  readonly batches?: BatchTimeline[];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function since(t0: number, ms: number | undefined): number {
  return ms === undefined ? Number.NaN : round2((ms - t0) / 1000);
}

function max(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : Math.max(...values);
}

/**
 * `tasks`: every task of the service (history included) after the phase; the new tasks are those of
 * `image` the leader created at or after `t0` (epoch ms). `batchSize` > 0 adds per-batch times.
 */
export function phaseTimeline(
  tasks: readonly Task__Output[],
  t0: number,
  image: string,
  batchSize = 0,
): PhaseTimeline {
  const created = (t: Task__Output) => timestampMs(t.meta?.createdAt) ?? Number.NaN;
  const runningAt = (t: Task__Output) =>
    t.status?.state === TaskState.TASK_STATE_RUNNING
      ? (timestampMs(t.status.timestamp) ?? Number.NaN)
      : Number.NaN;
  const fresh = tasks
    .filter((t) => t.spec?.container?.image === image && created(t) >= t0)
    .sort((a, b) => created(a) - created(b));
  const running = fresh.map(runningAt).filter((ms) => !Number.isNaN(ms));
  const timeline: PhaseTimeline = {
    created_last_s: since(t0, max(fresh.map(created))),
    running_first_s: since(t0, running.length === 0 ? undefined : Math.min(...running)),
    running_last_s: since(t0, running.length === 0 ? undefined : max(running)),
  };
  if (batchSize <= 0) return timeline;
  const batches: BatchTimeline[] = [];
  for (let i = 0; i < fresh.length; i += batchSize) {
    const batch = fresh.slice(i, i + batchSize);
    const slots = new Set(batch.map((t) => t.slot));
    const oldStops = tasks
      .filter(
        (t) =>
          slots.has(t.slot) &&
          t.spec?.container?.image !== image &&
          (t.status?.state ?? 0) > TaskState.TASK_STATE_RUNNING,
      )
      .map((t) => timestampMs(t.status?.timestamp) ?? Number.NaN);
    batches.push({
      created_s: since(t0, max(batch.map(created))),
      old_stopped_s: since(t0, max(oldStops)),
      running_s: since(t0, max(batch.map(runningAt))),
    });
  }
  return { ...timeline, batches };
}
