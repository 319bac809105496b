// The leader's view of one follower: how far it matches, what to send next, and which flow-control
// state it is in (probe one message at a time, replicate pipelined, or install a snapshot).
import { Inflights } from './inflights.ts';
import type { Snapshot } from './types.ts';

export enum ProgressState {
  Probe = 'probe',
  Replicate = 'replicate',
  Snapshot = 'snapshot',
}

export class Progress {
  match = 0;
  next: number;
  state = ProgressState.Probe;
  /** Heard from in the current check-quorum period. */
  recentActive = false;
  /** In probe state: one AppendEntries is outstanding; wait for its answer (or a heartbeat response). */
  probeSent = false;
  readonly inflights: Inflights;
  /** The snapshot being installed (Snapshot state) and how many of its bytes the follower has. */
  snapshot: Snapshot | undefined;
  snapshotAcked = 0;
  /** Heartbeat responses to let pass before re-sending the unacknowledged chunk (doubles, capped). */
  private snapshotWait = 0;
  private snapshotCountdown = 0;

  constructor(
    next: number,
    maxInflight: number,
    public isLearner: boolean,
  ) {
    this.next = next;
    this.inflights = new Inflights(maxInflight);
  }

  get pendingSnapshot(): number {
    return this.snapshot?.meta.index ?? 0;
  }

  private resetState(state: ProgressState): void {
    this.probeSent = false;
    this.snapshot = undefined;
    this.snapshotAcked = 0;
    this.snapshotWait = 0;
    this.snapshotCountdown = 0;
    this.state = state;
    this.inflights.reset();
  }

  becomeProbe(): void {
    if (this.state === ProgressState.Snapshot) {
      const pending = this.pendingSnapshot;
      this.resetState(ProgressState.Probe);
      this.next = Math.max(this.match + 1, pending + 1);
    } else {
      this.resetState(ProgressState.Probe);
      this.next = this.match + 1;
    }
  }

  becomeReplicate(): void {
    this.resetState(ProgressState.Replicate);
    this.next = this.match + 1;
  }

  becomeSnapshot(snapshot: Snapshot): void {
    this.resetState(ProgressState.Snapshot);
    this.snapshot = snapshot;
  }

  /** A heartbeat response arrived during a snapshot transfer: is a re-send of the chunk due? */
  snapshotResendDue(cap: number): boolean {
    if (this.snapshotCountdown > 0) {
      this.snapshotCountdown--;
      return false;
    }
    this.snapshotWait = Math.min(Math.max(1, this.snapshotWait * 2), cap);
    this.snapshotCountdown = this.snapshotWait;
    return true;
  }

  /** The follower acknowledged more of the snapshot: the transfer is moving, reset the backoff. */
  snapshotProgressed(): void {
    this.snapshotWait = 0;
    this.snapshotCountdown = 0;
  }

  /** The follower acknowledged entries up to n. Returns false for a stale acknowledgement. */
  maybeUpdate(n: number): boolean {
    let updated = false;
    if (this.match < n) {
      this.match = n;
      updated = true;
      this.probeSent = false;
    }
    this.next = Math.max(this.next, n + 1);
    return updated;
  }

  /**
   * The follower rejected an append at `rejected`; `matchHint` is the best guess of where its log
   * agrees with ours. Returns false when the rejection is stale.
   */
  maybeDecrTo(rejected: number, matchHint: number): boolean {
    if (this.state === ProgressState.Replicate) {
      if (rejected <= this.match) return false;
      this.next = this.match + 1;
      return true;
    }
    if (this.next - 1 !== rejected) return false;
    this.next = Math.max(Math.min(rejected, matchHint + 1), this.match + 1, 1);
    this.probeSent = false;
    return true;
  }

  /** Updates flow control after sending `entries` entries whose last index is next-1+entries. */
  sentEntries(entries: number): void {
    if (this.state === ProgressState.Replicate) {
      if (entries > 0) {
        this.next += entries;
        this.inflights.add(this.next - 1);
      }
    } else if (this.state === ProgressState.Probe) {
      this.probeSent = true;
    }
  }

  isPaused(): boolean {
    switch (this.state) {
      case ProgressState.Probe:
        return this.probeSent;
      case ProgressState.Replicate:
        return this.inflights.full();
      case ProgressState.Snapshot:
        return true;
    }
  }
}
