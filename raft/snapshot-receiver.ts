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

  /** Bytes received so far of the snapshot (index, term), or 0 if another one is in progress. */
  progressOf(index: number, term: number): number {
    return this.meta && this.meta.index === index && this.meta.term === term ? this.received : 0;
  }

  accept(m: SnapMessage): ChunkResult {
    const same =
      this.meta !== undefined &&
      this.meta.index === m.meta.index &&
      this.meta.term === m.meta.term &&
      this.totalSize === m.totalSize;
    if (!same) {
      if (m.offset !== 0) {
        // We never saw the start of this snapshot (or lost it): ask for it from the beginning.
        this.reset();
        return { kind: 'partial', received: 0 };
      }
      this.reset();
      this.meta = m.meta;
      this.totalSize = m.totalSize;
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
    this.meta = undefined;
    this.totalSize = 0;
    this.parts = [];
    this.received = 0;
  }
}
