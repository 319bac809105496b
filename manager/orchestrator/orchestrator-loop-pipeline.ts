// The orchestrator's proposals: batches queued in order, at most `maxInFlight` proposed at once
// (pipelining without flooding Raft), and which services have a batch queued or in flight, so the
// loop never decides again for a service whose last decisions have not applied yet.
import type { StoreAction } from '../../proto/gen/covey/v1/StoreAction.ts';
import type { BatchApplied } from '../store/memory-store.ts';
import type { StoreProposer } from '../store/store-proposer.ts';

export const DEFAULT_MAX_IN_FLIGHT = 4;

export interface ProposalBatch<T> {
  /** What the caller needs back when the batch settles (one per action, same order). */
  readonly items: readonly T[];
  readonly actions: readonly StoreAction[];
  readonly services: ReadonlySet<string>;
}

export type ProposalOutcome =
  | { readonly ok: true; readonly applied: BatchApplied }
  | { readonly ok: false; readonly error: unknown };

export class ProposalPipeline<T> {
  private queue: ProposalBatch<T>[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly busy = new Map<string, number>();

  constructor(
    private readonly proposer: StoreProposer,
    /** Called once per proposed batch, after its services stopped counting as busy. Must not throw. */
    private readonly onSettled: (batch: ProposalBatch<T>, outcome: ProposalOutcome) => void,
    private readonly maxInFlight = DEFAULT_MAX_IN_FLIGHT,
  ) {
    if (!Number.isInteger(maxInFlight) || maxInFlight < 1) {
      throw new RangeError(`maxInFlight must be a positive integer, not ${maxInFlight}`);
    }
  }

  /** Batches queued plus proposed and not yet settled. */
  get pending(): number {
    return this.queue.length + this.inFlight.size;
  }

  get proposing(): number {
    return this.inFlight.size;
  }

  /** Whether a batch touching the service is queued or in flight. */
  isBusy(serviceId: string): boolean {
    return this.busy.has(serviceId);
  }

  enqueue(batch: ProposalBatch<T>): void {
    if (batch.actions.length === 0) return;
    for (const s of batch.services) this.busy.set(s, (this.busy.get(s) ?? 0) + 1);
    this.queue.push(batch);
    this.pump();
  }

  /** Removes the batches not yet proposed (Raft is unavailable; they would fail the same way). */
  dropQueued(): ProposalBatch<T>[] {
    const dropped = this.queue;
    this.queue = [];
    for (const b of dropped) this.release(b);
    return dropped;
  }

  /** Resolves once nothing is in flight; proposals never reject through it. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private pump(): void {
    while (this.inFlight.size < this.maxInFlight) {
      const batch = this.queue.shift();
      if (batch === undefined) return;
      // new Promise(...) turns a proposer that throws synchronously into a rejection.
      const p: Promise<void> = new Promise<BatchApplied>((resolve) =>
        resolve(this.proposer.propose(batch.actions)),
      )
        .then(
          (applied): ProposalOutcome => ({ ok: true, applied }),
          (error: unknown): ProposalOutcome => ({ ok: false, error }),
        )
        .then((outcome) => {
          this.inFlight.delete(p);
          this.release(batch);
          this.onSettled(batch, outcome);
          this.pump();
        });
      this.inFlight.add(p);
    }
  }

  private release(batch: ProposalBatch<T>): void {
    for (const s of batch.services) {
      const n = (this.busy.get(s) ?? 1) - 1;
      if (n <= 0) this.busy.delete(s);
      else this.busy.set(s, n);
    }
  }
}
