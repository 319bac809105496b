// In-memory Storage: the log the core reads. Tests use it alone; the durable driver keeps one in step
// with its write-ahead log (the WAL is the truth on disk, this is the index in memory).
import { CompactedError, SnapshotOutOfDateError, UnavailableError } from './errors.ts';
import { bootstrapEntries } from './bootstrap.ts';
import type { InitialState, Storage } from './storage.ts';
import {
  type ConfState,
  EMPTY_HARD_STATE,
  type Entry,
  EntryType,
  entrySize,
  type HardState,
  type Snapshot,
} from './types.ts';

export class MemoryStorage implements Storage {
  private hardState: HardState = EMPTY_HARD_STATE;
  private snap: Snapshot;
  /** ents[0] is a dummy entry carrying the snapshot's index and term. */
  private ents: Entry[];

  constructor(snapshot?: Snapshot) {
    this.snap = snapshot ?? {
      meta: { index: 0, term: 0, confState: { voters: [], learners: [] } },
      data: new Uint8Array(0),
    };
    this.ents = [dummy(this.snap.meta.index, this.snap.meta.term)];
  }

  /**
   * A storage for a founding member of a new group: the founding voters as committed conf-change
   * entries 1..n (see bootstrap.ts). The application applies them like any committed entry.
   */
  static bootstrap(voters: readonly string[]): MemoryStorage {
    const s = new MemoryStorage();
    const b = bootstrapEntries(voters);
    s.append(b.entries);
    s.setHardState(b.hardState);
    return s;
  }

  initialState(): InitialState {
    return { hardState: this.hardState, confState: this.snap.meta.confState };
  }

  setHardState(hs: HardState): void {
    this.hardState = hs;
  }

  entries(lo: number, hi: number, maxBytes: number): Entry[] {
    const offset = this.offset();
    if (lo <= offset) throw new CompactedError(lo, offset + 1);
    if (hi > this.lastIndex() + 1) throw new UnavailableError(hi - 1, this.lastIndex());
    const out: Entry[] = [];
    let size = 0;
    for (let i = lo; i < hi; i++) {
      const e = this.ents[i - offset]!;
      size += entrySize(e);
      if (out.length > 0 && size > maxBytes) break;
      out.push(e);
    }
    return out;
  }

  term(i: number): number {
    const offset = this.offset();
    if (i < offset) throw new CompactedError(i, offset + 1);
    const e = this.ents[i - offset];
    if (e === undefined) throw new UnavailableError(i, this.lastIndex());
    return e.term;
  }

  firstIndex(): number {
    return this.offset() + 1;
  }

  lastIndex(): number {
    return this.offset() + this.ents.length - 1;
  }

  snapshot(): Snapshot {
    return this.snap;
  }

  /** Replaces everything with a snapshot received from the leader. */
  applySnapshot(snap: Snapshot): void {
    if (snap.meta.index < this.snap.meta.index) {
      throw new SnapshotOutOfDateError(snap.meta.index, this.snap.meta.index);
    }
    this.snap = snap;
    this.ents = [dummy(snap.meta.index, snap.meta.term)];
  }

  /**
   * Records a snapshot the application took at `index` (which must be applied locally), so a lagging
   * follower can be sent it. Does not drop entries: call `compact` for that.
   */
  createSnapshot(index: number, confState: ConfState, data: Uint8Array): Snapshot {
    if (index <= this.snap.meta.index) {
      throw new SnapshotOutOfDateError(index, this.snap.meta.index);
    }
    if (index > this.lastIndex()) throw new UnavailableError(index, this.lastIndex());
    this.snap = { meta: { index, term: this.term(index), confState }, data };
    return this.snap;
  }

  /** Drops entries up to and including `compactIndex` (it must not exceed the applied index). */
  compact(compactIndex: number): void {
    const offset = this.offset();
    if (compactIndex <= offset) return;
    if (compactIndex > this.lastIndex()) throw new UnavailableError(compactIndex, this.lastIndex());
    const i = compactIndex - offset;
    const head = this.ents[i]!;
    this.ents = [dummy(head.index, head.term), ...this.ents.slice(i + 1)];
  }

  /** Appends entries that were made durable; a conflicting suffix is replaced. */
  append(entries: readonly Entry[]): void {
    if (entries.length === 0) return;
    const first = this.firstIndex();
    const last = entries[entries.length - 1]!.index;
    if (last < first) return; // all compacted already
    let es = entries;
    if (first > es[0]!.index) es = es.slice(first - es[0]!.index);
    const offset = es[0]!.index - this.offset();
    if (offset > this.ents.length) {
      throw new UnavailableError(es[0]!.index, this.lastIndex());
    }
    this.ents.length = offset;
    for (const e of es) this.ents.push(e);
  }

  private offset(): number {
    return this.ents[0]!.index;
  }
}

function dummy(index: number, term: number): Entry {
  return { index, term, type: EntryType.Normal, data: new Uint8Array(0) };
}
