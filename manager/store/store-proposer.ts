// How the manager's components change the store: one call = one batch = one Raft entry. The leader
// loops, the control API and the CA all go through this seam, so their tests can apply batches
// directly to a MemoryStore (test/manager/direct-proposer.ts) instead of running Raft.
import type { StoreAction } from '../../proto/gen/covey/v1/StoreAction.ts';
import type { RaftNode } from '../raftnode/raft-node.ts';
import type { BatchApplied, BatchResult } from './memory-store.ts';
import { encodeBatch } from './store-codec.ts';

export interface StoreProposer {
  /**
   * Proposes `actions` as one atomic batch and resolves once it is committed and applied locally.
   * Rejects with the batch's own error (VersionConflictError, AlreadyExistsError, NameConflictError,
   * NotFoundError, InvalidActionError) when applying refused it, or with the Raft error
   * (NotLeaderError, RaftTimeoutError, ProposalLostError, RaftStoppedError) when it never applied.
   */
  propose(actions: readonly StoreAction[], requestId?: string): Promise<BatchApplied>;
}

/** Largest number of actions a caller should put in one batch (bounds the entry at a few MiB). */
export const MAX_BATCH_ACTIONS = 500;

/** `items` cut into consecutive batches of at most `max` (the last may be shorter). */
export function batchesOf<T>(items: readonly T[], max = MAX_BATCH_ACTIONS): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += max) out.push(items.slice(i, i + max));
  return out;
}

/** The production proposer: batches go through the Raft node and are applied by StoreStateMachine. */
export class RaftStoreProposer implements StoreProposer {
  constructor(
    private readonly raft: Pick<RaftNode<BatchResult>, 'propose'>,
    /** Epoch ms; stamps proposed_at, the time the store writes into meta (apply reads no clock). */
    private readonly now: () => number = Date.now,
  ) {}

  async propose(actions: readonly StoreAction[], requestId = ''): Promise<BatchApplied> {
    const ms = this.now();
    const data = encodeBatch(
      actions,
      { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 },
      requestId,
    );
    const result = await this.raft.propose(data);
    if (!result.ok) throw result.error;
    return result;
  }
}
