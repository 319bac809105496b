// A StoreProposer for tests of the leader loops and the API servers: each batch goes through the
// same encode/decode path as a Raft entry and is applied to a MemoryStore at the next index, on a
// microtask (so callers see the same asynchrony as with Raft). Batches can be inspected, held, or
// made to fail as a lost leadership would.
import type { BatchApplied, MemoryStore } from '../../manager/store/memory-store.ts';
import { decodeBatch, encodeBatch } from '../../manager/store/store-codec.ts';
import type { StoreProposer } from '../../manager/store/store-proposer.ts';
import type { StoreAction } from '../../proto/gen/covey/v1/StoreAction.ts';
import type { StoreBatch__Output } from '../../proto/gen/covey/v1/StoreBatch.ts';

export class DirectProposer implements StoreProposer {
  /** Every batch applied (rejected ones included), in order. */
  readonly batches: StoreBatch__Output[] = [];
  /** When set, propose() rejects with this error instead of applying (e.g. a NotLeaderError). */
  failWith: Error | undefined;

  constructor(
    readonly store: MemoryStore,
    /** Epoch ms stamped into proposed_at. */
    private readonly now: () => number = Date.now,
  ) {}

  async propose(actions: readonly StoreAction[], requestId = ''): Promise<BatchApplied> {
    await Promise.resolve();
    if (this.failWith) throw this.failWith;
    const ms = this.now();
    const decoded = decodeBatch(
      encodeBatch(actions, { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 }, requestId),
    );
    if (decoded instanceof Error) throw decoded;
    this.batches.push(decoded);
    const result = this.store.applyBatch(decoded, this.store.lastBatchIndex + 1);
    if (!result.ok) throw result.error;
    return result;
  }
}
