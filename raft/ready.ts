// The Ready batch: everything the driver must do after feeding the core input.
//
// Contract, in this order:
//   1. persist `hardState`, `entries` and `snapshot` (fsync) and append them to Storage;
//   2. send `messages` (a leader may send its App/Snap/Heartbeat messages in `messages` before step 1
//      completes — thesis 10.2.1 — because the leader counts its own log only after `advance()`;
//      every other message must wait for step 1. The core never hands out messages in a Ready that
//      makes a leader's new term or vote durable, so early sending never outruns the term);
//   3. apply `snapshot` then `committedEntries` to the state machine (conf changes through
//      RawNode.applyConfChange). Normal committed entries may be applied before step 1 completes
//      (they are durable on a quorum); a ConfChange entry only after it;
//   4. call `advance(ready)`.
import type { Entry, HardState, Message, ReadState, Snapshot, SoftState } from './types.ts';

export interface Ready {
  /** Set when leader or role changed since the last Ready. Volatile: never persisted. */
  readonly softState: SoftState | undefined;
  /** Set when term, vote or commit changed; must be persisted before sending messages. */
  readonly hardState: HardState | undefined;
  readonly readStates: readonly ReadState[];
  /** Entries to append to stable storage. */
  readonly entries: readonly Entry[];
  /** A snapshot received from the leader, to persist and apply. */
  readonly snapshot: Snapshot | undefined;
  /** Entries committed and ready to apply, in order. */
  readonly committedEntries: readonly Entry[];
  readonly messages: readonly Message[];
  /**
   * True when hardState or entries must be fsynced: new entries, a new term or vote, or a commit
   * that covers a membership change (which must not be applied from a commit a crash can lose).
   */
  readonly mustSync: boolean;
}
