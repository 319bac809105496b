// Commits the scheduler's decisions: cuts them into batches of ≤ MAX_BATCH_ACTIONS updateTask
// actions and keeps a bounded number of batches in flight, so 100,000 assignments are a few hundred
// pipelined Raft entries. A batch is atomic, so one task changed meanwhile (a version conflict)
// would sink 499 good decisions: the batch is re-checked against the store and re-proposed without
// the stale ones, which alone go back to the loop.
import type { Logger } from 'pino';
import { NotFoundError, VersionConflictError } from '../store/errors.ts';
import type { MemoryStore } from '../store/memory-store.ts';
import { MAX_BATCH_ACTIONS, type StoreProposer } from '../store/store-proposer.ts';
import { type Decision, decisionAction } from './scheduler-loop-decision.ts';

export interface CommitPipelineOptions {
  readonly store: MemoryStore;
  readonly proposer: StoreProposer;
  readonly logger: Logger;
  /** Epoch ms stamped into each decision's status when its batch is proposed. */
  readonly now: () => number;
  readonly maxBatchActions?: number;
  /** Batches proposed and not yet settled (default 8). */
  readonly maxBatchesInFlight?: number;
  /** The batch holding `decisions` is committed. */
  readonly onCommitted: (decisions: readonly Decision[]) => void;
  /**
   * `decisions` will not be committed: `cause` is the batch's error (a VersionConflictError or
   * NotFoundError naming a task that changed, or a Raft error such as NotLeaderError).
   */
  readonly onDropped: (decisions: readonly Decision[], cause: unknown) => void;
  /** A batch settled (after onCommitted/onDropped). */
  readonly onSettled: () => void;
}

export const DEFAULT_BATCHES_IN_FLIGHT = 8;

export class CommitPipeline {
  private queue: Decision[] = [];
  private head = 0;
  /** Batches to re-propose first: what survived a conflict. */
  private readonly retries: Decision[][] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private stopped = false;
  private readonly maxActions: number;
  private readonly maxInFlight: number;
  /** Batches proposed, committed, and refused for a conflict (for logs and tests). */
  readonly counts = { proposed: 0, committed: 0, conflicts: 0, failed: 0 };

  constructor(private readonly o: CommitPipelineOptions) {
    this.maxActions = o.maxBatchActions ?? MAX_BATCH_ACTIONS;
    this.maxInFlight = o.maxBatchesInFlight ?? DEFAULT_BATCHES_IN_FLIGHT;
  }

  /** Nothing queued and nothing in flight. */
  get idle(): boolean {
    return this.inFlight.size === 0 && this.retries.length === 0 && this.head >= this.queue.length;
  }

  get batchesInFlight(): number {
    return this.inFlight.size;
  }

  enqueue(decisions: readonly Decision[]): void {
    if (this.stopped) return;
    for (const d of decisions) this.queue.push(d);
    this.pump();
  }

  /** Proposes nothing more; waits for the batches in flight to settle (their outcome is dropped). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.queue = [];
    this.head = 0;
    this.retries.length = 0;
    await Promise.allSettled([...this.inFlight]);
  }

  private pump(): void {
    while (!this.stopped && this.inFlight.size < this.maxInFlight) {
      let batch = this.retries.shift();
      if (batch === undefined) {
        if (this.head >= this.queue.length) return;
        batch = this.queue.slice(this.head, this.head + this.maxActions);
        this.head += batch.length;
        if (this.head >= this.queue.length) {
          this.queue = [];
          this.head = 0;
        }
      }
      this.propose(batch);
    }
  }

  private propose(batch: Decision[]): void {
    const nowMs = this.o.now();
    const actions = batch.map((d) => decisionAction(d, nowMs));
    this.counts.proposed++;
    let proposal: Promise<unknown>;
    try {
      proposal = this.o.proposer.propose(actions);
    } catch (cause) {
      proposal = Promise.reject(cause);
    }
    const settled: Promise<void> = proposal.then(
      () => this.settle(settled, batch, undefined),
      (cause: unknown) => this.settle(settled, batch, { cause }),
    );
    this.inFlight.add(settled);
  }

  private settle(settled: Promise<void>, batch: Decision[], failure: { cause: unknown } | undefined): void {
    this.inFlight.delete(settled);
    if (this.stopped) return;
    try {
      if (failure === undefined) {
        this.counts.committed++;
        this.o.onCommitted(batch);
      } else {
        this.rejected(batch, failure.cause);
      }
    } catch (err) {
      this.o.logger.error({ err }, 'scheduler: handling a settled batch failed');
    }
    this.pump();
    this.o.onSettled();
  }

  private rejected(batch: Decision[], cause: unknown): void {
    const conflict =
      (cause instanceof VersionConflictError || cause instanceof NotFoundError) && cause.kind === 'task';
    if (!conflict) {
      this.counts.failed++;
      this.o.onDropped(batch, cause);
      return;
    }
    this.counts.conflicts++;
    // The batch changed nothing. Every decision whose task still has the version it was made from
    // is still good; the others (the named one at least) go back to the loop to be re-read.
    const keep: Decision[] = [];
    const stale: Decision[] = [];
    for (const d of batch) {
      const current = this.o.store.get('task', d.task.id);
      const fresh = current !== undefined && current.meta?.version === d.task.meta?.version;
      (fresh && d.task.id !== cause.id ? keep : stale).push(d);
    }
    if (stale.length === 0) {
      // The conflict names no task of this batch: retrying it unchanged could loop, so give it all back.
      stale.push(...keep.splice(0));
    }
    this.o.logger.debug(
      { taskId: cause.id, stale: stale.length, retried: keep.length },
      'scheduler: batch refused by a version conflict; retrying the rest',
    );
    if (keep.length > 0) this.retries.push(keep);
    this.o.onDropped(stale, cause);
  }
}
