// Collects task status changes and sends them to the dispatcher in batches: the latest status per
// task, at most `maxBatch` at a time, every `flushIntervalMs` — or on the next turn for a status the
// managers wait on; a failed batch is retried ahead of anything newer so no update is lost and no
// task's updates are reordered.
import type { TaskState__Output } from '../../proto/gen/covey/v1/TaskState.ts';
import type { TaskStatusUpdate } from '../../proto/gen/covey/v1/TaskStatusUpdate.ts';
import type { TaskStatus__Output } from '../../proto/gen/covey/v1/TaskStatus.ts';
import type { Cancel, Clock } from './clock.ts';

/** Sends one batch (UpdateTaskStatus); rejects when the batch was not delivered. */
export type SendStatusBatch = (updates: TaskStatusUpdate[]) => Promise<void>;

export interface StatusReporterOptions {
  readonly send: SendStatusBatch;
  readonly clock: Clock;
  /** The dispatcher takes at most 1000 updates per call. */
  readonly maxBatch?: number;
  /** How long an update may wait for others to join its batch. */
  readonly flushIntervalMs?: number;
  /**
   * A status at or past this state goes on the next turn (with everything pending) instead of after
   * `flushIntervalMs`: the managers wait on it — a rolling update's next slot waits for RUNNING, a
   * stop-first replacement for its predecessor's SHUTDOWN — so the interval would be paid once per
   * step of every rollout. Changes made in the same turn still share the batch. Unset: none.
   */
  readonly promptFromState?: TaskState__Output;
  /** First delay before resending a failed batch; doubles up to `maxRetryDelayMs`. */
  readonly retryDelayMs?: number;
  readonly maxRetryDelayMs?: number;
  /** Told about each failed send (for logs); the batch is retried regardless. */
  readonly onSendError?: (error: unknown, batchSize: number) => void;
}

export class StatusReporter {
  private readonly send: SendStatusBatch;
  private readonly clock: Clock;
  private readonly maxBatch: number;
  private readonly flushIntervalMs: number;
  private readonly promptFromState: number;
  private readonly retryDelayMs: number;
  private readonly maxRetryDelayMs: number;
  private readonly onSendError: ((error: unknown, batchSize: number) => void) | undefined;
  /** Insertion order is send order; a task's newer status replaces its older one in place. */
  private pending = new Map<string, TaskStatus__Output>();
  private inFlight: Promise<void> | null = null;
  private cancelTimer: Cancel | null = null;
  /** A flush is scheduled for the next turn (a full batch is waiting). */
  private flushDue = false;
  private failures = 0;
  private closed = false;
  private batchesSent = 0;

  constructor(options: StatusReporterOptions) {
    this.send = options.send;
    this.clock = options.clock;
    this.maxBatch = options.maxBatch ?? 1000;
    this.flushIntervalMs = options.flushIntervalMs ?? 100;
    this.promptFromState = options.promptFromState ?? Number.POSITIVE_INFINITY;
    this.retryDelayMs = options.retryDelayMs ?? 200;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 5_000;
    this.onSendError = options.onSendError;
  }

  /** Updates waiting to be sent (not counting a batch in flight). */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** Batches delivered so far. */
  get sentBatches(): number {
    return this.batchesSent;
  }

  report(taskId: string, status: TaskStatus__Output): void {
    if (this.closed) return;
    const older = this.pending.get(taskId);
    // Statuses only move forward; a stale one arriving late must not replace a newer one.
    if (older !== undefined && older.state > status.state) return;
    this.pending.set(taskId, status);
    if (this.inFlight !== null || this.failures > 0) return;
    if ((this.pending.size >= this.maxBatch || status.state >= this.promptFromState) && !this.flushDue) {
      // A full or awaited batch goes on the next turn rather than now, so changes made in this turn
      // (a burst of tasks walking to RUNNING) still coalesce into it.
      this.cancel();
      this.flushAfter(0);
    } else {
      if (this.cancelTimer === null) this.flushAfter(this.flushIntervalMs);
    }
  }

  /** Sends everything pending now, batch after batch; resolves when delivered or a send fails. */
  async flush(): Promise<void> {
    this.cancel();
    if (this.inFlight !== null) await this.inFlight;
    while (this.pending.size > 0 && this.inFlight === null) {
      this.cancel();
      this.startFlush();
      const sending = this.inFlight as Promise<void> | null;
      if (sending === null) break;
      const before = this.failures;
      await sending;
      if (this.failures > before) return;
    }
  }

  /** Stops timers; pending updates are dropped (a new session reports from current state). */
  close(): void {
    this.closed = true;
    this.cancel();
    this.pending.clear();
  }

  private cancel(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
    this.flushDue = false;
  }

  private startFlush(): void {
    if (this.inFlight !== null || this.pending.size === 0 || this.closed) return;
    const batch: Array<[string, TaskStatus__Output]> = [];
    for (const entry of this.pending) {
      batch.push(entry);
      if (batch.length >= this.maxBatch) break;
    }
    for (const [taskId] of batch) this.pending.delete(taskId);
    const updates: TaskStatusUpdate[] = batch.map(([taskId, status]) => ({ taskId, status }));
    this.inFlight = this.send(updates).then(
      () => {
        this.inFlight = null;
        this.failures = 0;
        this.batchesSent++;
        this.afterSend(0);
      },
      (error: unknown) => {
        this.inFlight = null;
        this.failures++;
        this.requeue(batch);
        this.onSendError?.(error, batch.length);
        this.afterSend(Math.min(this.maxRetryDelayMs, this.retryDelayMs * 2 ** (this.failures - 1)));
      },
    );
  }

  /** Puts a failed batch back ahead of newer updates, keeping a task's newer status if one came. */
  private requeue(batch: ReadonlyArray<[string, TaskStatus__Output]>): void {
    const merged = new Map<string, TaskStatus__Output>();
    for (const [taskId, status] of batch) merged.set(taskId, this.pending.get(taskId) ?? status);
    for (const [taskId, status] of this.pending) if (!merged.has(taskId)) merged.set(taskId, status);
    this.pending = merged;
  }

  private afterSend(retryDelayMs: number): void {
    if (this.pending.size === 0 || this.closed) return;
    this.cancel();
    if (retryDelayMs > 0) this.flushAfter(retryDelayMs);
    else
      this.flushAfter(this.pending.size >= this.maxBatch || this.promptPending() ? 0 : this.flushIntervalMs);
  }

  /** Whether a status the managers wait on is among the pending ones. */
  private promptPending(): boolean {
    if (this.promptFromState === Number.POSITIVE_INFINITY) return false;
    for (const status of this.pending.values()) if (status.state >= this.promptFromState) return true;
    return false;
  }

  private flushAfter(delayMs: number): void {
    this.flushDue = delayMs === 0;
    this.cancelTimer = this.clock.schedule(delayMs, () => {
      this.cancelTimer = null;
      this.flushDue = false;
      this.startFlush();
    });
  }
}
