// Follower side of chunked InstallSnapshot: collects chunks of one snapshot in order and remembers
// how far it got, so a retried or re-sent transfer resumes instead of starting over.
import type { SnapMessage, Snapshot, SnapshotMeta } from './types.ts';

export type ChunkResult =
  | { readonly kind: 'partial'; readonly received: number }
  | { readonly kind: 'complete'; readonly snapshot: Snapshot };

export class SnapshotReceiver {
  private meta: SnapshotMeta | undefined;
  private totalSize = 0;
  private parts: Uint8Array[] = [];
  private received = 0;
  /** Sender and its term: a transfer resumes only with the leader that started it. */
  private from = '';
  private leaderTerm = 0;

  /** Bytes received so far of the snapshot (index, term), or 0 if another one is in progress. */
  progressOf(index: number, term: number): number {
    return this.meta && this.meta.index === index && this.meta.term === term ? this.received : 0;
  }

  accept(m: SnapMessage): ChunkResult {
    const same =
      this.meta !== undefined &&
      this.meta.index === m.meta.index &&
      this.meta.term === m.meta.term &&
      this.totalSize === m.totalSize &&
      // Two leaders' snapshots at one index need not be byte-identical: never splice them.
      this.from === m.from;
    if (!same) {
      if (
        this.meta !== undefined &&
        m.from === this.from &&
        m.term === this.leaderTerm &&
        m.meta.index < this.meta.index
      ) {
        // A delayed chunk of an older snapshot from the same leader: it must not discard the newer
        // transfer in progress.
        return { kind: 'partial', received: 0 };
      }
      // We never saw the start of this snapshot: ask for it from the beginning.
      if (m.offset !== 0) return { kind: 'partial', received: 0 };
      this.reset();
      this.meta = m.meta;
      this.totalSize = m.totalSize;
      this.from = m.from;
      this.leaderTerm = m.term;
    }
    if (m.offset !== this.received) return { kind: 'partial', received: this.received };
    if (this.received + m.data.length > this.totalSize) {
      this.reset();
      return { kind: 'partial', received: 0 };
    }
    if (m.data.length > 0) {
      this.parts.push(m.data.slice());
      this.received += m.data.length;
    }
    if (!m.done) return { kind: 'partial', received: this.received };
    if (this.received !== this.totalSize) {
      this.reset();
      return { kind: 'partial', received: 0 };
    }
    const data = new Uint8Array(this.totalSize);
    let off = 0;
    for (const p of this.parts) {
      data.set(p, off);
      off += p.length;
    }
    const snapshot: Snapshot = { meta: m.meta, data };
    this.reset();
    return { kind: 'complete', snapshot };
  }

  reset(): void {
    this.from = '';
    this.leaderTerm = 0;
    this.meta = undefined;
    this.totalSize = 0;
    this.parts = [];
    this.received = 0;
  }
}
