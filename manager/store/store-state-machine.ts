// Adapts the MemoryStore to the Raft driver (manager/raftnode): entries carry encoded StoreBatches,
// snapshots are encoded StoreSnapshots. A batch that fails — garbage bytes included — is a result
// value handed back to the proposer, never an exception out of apply.
import type { Entry } from '../../raft/types.ts';
import type { StateMachine } from '../raftnode/contracts.ts';
import { UnsupportedSnapshotFormatError } from './errors.ts';
import type { BatchResult, MemoryStore } from './memory-store.ts';
import { SnapshotEncoder } from './snapshot-encoder.ts';
import { decodeBatch, decodeSnapshot, SNAPSHOT_FORMATS } from './store-codec.ts';

export class StoreStateMachine implements StateMachine<BatchResult> {
  private readonly encoder = new SnapshotEncoder();

  constructor(readonly store: MemoryStore) {}

  apply(entry: Entry): BatchResult {
    const batch = decodeBatch(entry.data);
    if (batch instanceof Error) return { ok: false, index: entry.index, requestId: '', error: batch };
    return this.store.applyBatch(batch, entry.index);
  }

  /**
   * Deterministic: two stores that applied the same entries give the same bytes. Objects unchanged
   * since the previous snapshot reuse their encoding (SnapshotEncoder).
   */
  snapshot(): Uint8Array {
    return this.encoder.encode(this.store.exportSnapshot());
  }

  /**
   * Replaces the store. An empty payload is the bootstrap snapshot of a new cluster (an empty
   * store). Throws StoreDecodeError or UnsupportedSnapshotFormatError and leaves the store as it was
   * when the bytes are not a snapshot this manager can read: the driver cannot continue from it.
   */
  restore(data: Uint8Array): void {
    if (data.byteLength === 0) {
      this.store.reset();
      return;
    }
    const snapshot = decodeSnapshot(data);
    if (snapshot instanceof Error) throw snapshot;
    if (!SNAPSHOT_FORMATS.includes(snapshot.formatVersion)) {
      throw new UnsupportedSnapshotFormatError(snapshot.formatVersion, SNAPSHOT_FORMATS);
    }
    const err = this.store.importSnapshot(snapshot);
    if (err !== undefined) throw err;
  }
}
