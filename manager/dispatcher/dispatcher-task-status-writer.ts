// Commits agents' task status reports to the store in group commits: reports from every agent that
// arrive while a batch is being written wait in a StatusBatcher (one entry per task) and go out
// together as the next batch, split into ≤ MAX_BATCH_ACTIONS updateTask actions per Raft entry.
//
// A caller's promise settles when the batch holding its updates is committed: UpdateTaskStatus answers
// only for what is durable, so an acknowledged report is never lost to a leader crash. Throughput
// comes from the coalescing (1,000 agents with 100 reports each fit in 200 entries, written while
// the next reports accumulate), not from answering early. Each action carries the version it read;
// a conflict (an orchestrator changed the task meanwhile) re-reads, re-validates and retries.
import type { Logger } from 'pino';
import type { StoreAction } from '../../proto/gen/covey/v1/StoreAction.ts';
import type { TaskStatus__Output } from '../../proto/gen/covey/v1/TaskStatus.ts';
import type { TaskStatusUpdate__Output } from '../../proto/gen/covey/v1/TaskStatusUpdate.ts';
import { timestampFromMs } from '../../proto/time.ts';
import { statusOf } from '../grpc/error-status.ts';
import { VersionConflictError } from '../store/errors.ts';
import type { MemoryStore } from '../store/memory-store.ts';
import { batchesOf, MAX_BATCH_ACTIONS, type StoreProposer } from '../store/store-proposer.ts';
import { DispatcherStoppedError, leadershipError } from './dispatcher-errors.ts';
import { type PendingStatusUpdate, StatusBatcher } from './status-batcher.ts';
import { validateStatusUpdate } from './status-update.ts';

export interface TaskStatusWriterOptions {
  readonly store: MemoryStore;
  readonly proposer: StoreProposer;
  readonly logger: Logger;
  /** Epoch ms, stamped on reports that carry no timestamp. */
  readonly now: () => number;
  readonly setTimer: (fn: () => void, ms: number) => () => void;
  /** How long the first report of a batch waits for others to join it (default 2 ms). */
  readonly flushDelayMs?: number;
  /** Pending reports that start a batch at once (default MAX_BATCH_ACTIONS). */
  readonly flushSize?: number;
  /** Rounds of re-read and retry when batches keep conflicting (default 5). */
  readonly maxAttempts?: number;
}

export interface SubmitResult {
  /** Updates queued for the store (before coalescing). */
  readonly accepted: number;
  /** Updates ignored: unknown task, another node's task, regression, terminal, exact repeat. */
  readonly ignored: number;
}

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (err: unknown) => void;
}

export class TaskStatusWriter {
  private readonly batcher = new StatusBatcher();
  private waiters: Waiter[] = [];
  private inFlight: Promise<void> | undefined;
  private cancelTimer: (() => void) | undefined;
  private stopped = false;
  private readonly flushDelayMs: number;
  private readonly flushSize: number;
  private readonly maxAttempts: number;
  private readonly log: Logger;
  /** Batches (Raft entries) written so far. */
  entries = 0;

  constructor(private readonly options: TaskStatusWriterOptions) {
    this.flushDelayMs = options.flushDelayMs ?? 2;
    this.flushSize = options.flushSize ?? MAX_BATCH_ACTIONS;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.log = options.logger;
  }

  /**
   * Checks `updates` from `nodeId` against the store (ignored ones are dropped, per dispatcher.proto),
   * queues the rest and resolves once they are committed. Rejects when the write failed; the agent
   * retries, and what was already applied is then ignored as a repeat.
   */
  async submit(nodeId: string, updates: readonly TaskStatusUpdate__Output[]): Promise<SubmitResult> {
    if (this.stopped) throw new DispatcherStoppedError('leadership-lost');
    const accepted: TaskStatusUpdate__Output[] = [];
    let ignored = 0;
    for (const update of updates) {
      const decision = validateStatusUpdate(nodeId, this.options.store.get('task', update.taskId), update);
      if (decision.kind === 'apply') accepted.push(update);
      else {
        ignored++;
        this.log.debug(
          { nodeId, taskId: update.taskId, reason: decision.reason.message },
          'status update ignored',
        );
      }
    }
    if (accepted.length === 0) return { accepted: 0, ignored };
    this.batcher.add(nodeId, accepted);
    await new Promise<void>((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.schedule();
    });
    return { accepted: accepted.length, ignored };
  }

  /** Refuses what is queued and waits for the batch in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    this.batcher.drain();
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w.reject(new DispatcherStoppedError('leadership-lost'));
    await this.inFlight;
  }

  private schedule(): void {
    if (this.stopped || this.inFlight !== undefined || this.batcher.size === 0) return;
    if (this.batcher.size >= this.flushSize) {
      this.cancelTimer?.();
      this.cancelTimer = undefined;
      this.startFlush();
      return;
    }
    if (this.cancelTimer !== undefined) return;
    this.cancelTimer = this.options.setTimer(() => {
      this.cancelTimer = undefined;
      this.startFlush();
    }, this.flushDelayMs);
  }

  private startFlush(): void {
    if (this.stopped || this.inFlight !== undefined || this.batcher.size === 0) return;
    const items = this.batcher.drain();
    const waiters = this.waiters;
    this.waiters = [];
    this.inFlight = this.write(items).then(
      () => {
        for (const w of waiters) w.resolve();
      },
      (err: unknown) => {
        for (const w of waiters) w.reject(err);
      },
    );
    void this.inFlight.finally(() => {
      this.inFlight = undefined;
      // Reports that arrived during the write form the next batch at once: they already waited.
      if (this.batcher.size > 0) this.startFlush();
    });
  }

  /** Writes every item still valid against the store; rejects with the first lasting failure. */
  private async write(items: readonly PendingStatusUpdate[]): Promise<void> {
    let work = items;
    for (let attempt = 1; work.length > 0; attempt++) {
      const writes: Array<{ readonly item: PendingStatusUpdate; readonly action: StoreAction }> = [];
      for (const item of work) {
        const task = this.options.store.get('task', item.taskId);
        const decision = validateStatusUpdate(item.nodeId, task, {
          taskId: item.taskId,
          status: item.status,
        });
        if (decision.kind !== 'apply' || task === undefined) continue;
        writes.push({
          item,
          action: {
            updateTask: { ...task, status: this.stamped(decision.status) },
            expectedVersion: task.meta?.version ?? 0,
          },
        });
      }
      const retry: PendingStatusUpdate[] = [];
      let failure: unknown;
      const chunks = batchesOf(writes);
      await Promise.all(
        chunks.map(async (chunk) => {
          try {
            await this.options.proposer.propose(chunk.map((w) => w.action));
            this.entries++;
          } catch (err) {
            if (err instanceof VersionConflictError && attempt < this.maxAttempts) {
              for (const w of chunk) retry.push(w.item);
            } else {
              failure ??= err;
            }
          }
        }),
      );
      if (failure !== undefined) throw this.reported(failure, writes.length);
      work = retry;
    }
  }

  private stamped(status: TaskStatus__Output): TaskStatus__Output {
    return status.timestamp === null ? { ...status, timestamp: timestampFromMs(this.options.now()) } : status;
  }

  private reported(err: unknown, count: number): unknown {
    const mapped = leadershipError(err);
    if (mapped instanceof DispatcherStoppedError)
      this.log.debug({ count }, 'task status write dropped: leadership lost');
    else if (!statusOf(err).known) this.log.error({ err, count }, 'task status write failed');
    else this.log.warn({ err: (err as Error).message, count }, 'task status write failed');
    return mapped;
  }
}
