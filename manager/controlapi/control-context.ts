// What the ControlService's request handlers share: the store they read, the proposer they write
// through, the read barrier, the Raft facts for the demotion check, and injected time and ids.
import type { MemoryStore } from '../store/memory-store.ts';
import type { StoreProposer } from '../store/store-proposer.ts';

export interface RaftMembership {
  /** Voter ids (node ids) of the Raft group now. */
  readonly voters: readonly string[];
  /** Voters this manager believes reachable, itself included. */
  readonly reachable: ReadonlySet<string>;
}

export interface ControlContext {
  readonly store: MemoryStore;
  readonly proposer: StoreProposer;
  /** Resolves once the local store reflects every write committed before the call. */
  readonly readBarrier: () => Promise<void>;
  readonly raftMembers: () => RaftMembership;
  readonly newJoinToken: (role: 'worker' | 'manager') => string;
  /** Epoch ms. */
  readonly now: () => number;
  readonly newId: () => string;
}
