// Where `covey events` is in the cluster's event sequence, so that a resumed stream (which re-reads
// from a little earlier) shows each event once. Events come in version (Raft index) order; several
// may share a version (one Raft entry, many objects) and are told apart by type and object, as the
// event bus itself deduplicates them.
import type { ClusterEvent__Output } from '../../proto/gen/covey/v1/ClusterEvent.ts';
import { timestampMs } from '../../proto/time.ts';

export class EventPosition {
  private version: number | undefined;
  /** Type and object of the events seen at `version`. */
  private readonly atVersion = new Set<string>();
  private timeMs: number | undefined;

  /** The time of the newest event accepted (epoch ms); undefined before the first. */
  get lastTimeMs(): number | undefined {
    return this.timeMs;
  }

  /** Whether `e` was not seen yet; if so it becomes the position. */
  accept(e: ClusterEvent__Output): boolean {
    const key = `${e.type}/${e.objectId}`;
    if (this.version !== undefined) {
      if (e.version < this.version) return false;
      if (e.version === this.version && this.atVersion.has(key)) return false;
    }
    if (e.version !== this.version) this.atVersion.clear();
    this.version = e.version;
    this.atVersion.add(key);
    const ms = timestampMs(e.time);
    if (ms !== undefined) this.timeMs = Math.max(this.timeMs ?? ms, ms);
    return true;
  }
}
