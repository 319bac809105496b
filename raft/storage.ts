// The read side of the log that the core depends on. The driver keeps it in step with what it has
// made durable (etcd-io/raft's Storage contract): entries handed out in a Ready are appended to
// storage after they are persisted, and before `advance()` is called.
import type { ConfState, Entry, HardState, Snapshot } from './types.ts';

export interface InitialState {
  readonly hardState: HardState;
  readonly confState: ConfState;
}

export interface Storage {
  /** Persisted hard state and membership, read once when the core starts. */
  initialState(): InitialState;
  /**
   * Entries in [lo, hi), at most `maxBytes` in total (but always at least one when lo < hi).
   * Throws CompactedError if lo <= the snapshot index, UnavailableError if hi > lastIndex()+1.
   */
  entries(lo: number, hi: number, maxBytes: number): Entry[];
  /** Term of entry i, for i in [firstIndex()-1, lastIndex()]; the snapshot term for firstIndex()-1. */
  term(i: number): number;
  /** Index of the first entry that may still be read (snapshot index + 1). */
  firstIndex(): number;
  lastIndex(): number;
  /** The most recent snapshot. May throw SnapshotTemporarilyUnavailableError. */
  snapshot(): Snapshot;
}
