// One simulated member's disk: what survives a crash (hard state, snapshot, log) and the writes still in
// the page cache, which a crash loses. An fsync makes every earlier write durable, like a sequential WAL.
import { MemoryStorage } from '../../raft/memory-storage.ts';
import {
  EMPTY_HARD_STATE,
  EMPTY_SNAPSHOT,
  type Entry,
  type HardState,
  type Snapshot,
} from '../../raft/types.ts';
import { HarnessError, PropertyViolation } from './sim-errors.ts';

export interface DiskWrite {
  readonly hardState: HardState | undefined;
  readonly entries: readonly Entry[];
  readonly snapshot: Snapshot | undefined;
}

/** Told about every change that becomes durable, in order (the safety checks hang off this). */
export interface DiskListener {
  onDurableHardState(hs: HardState): void;
  onDurableSnapshot(snap: Snapshot): void;
  /**
   * `prevTerm` is the term of the entry just before `entries[0]` in the log they were appended to
   * (undefined when that entry is compacted); `replaced` are the entries the append overwrote.
   */
  onDurableEntries(prevTerm: number | undefined, entries: readonly Entry[], replaced: readonly Entry[]): void;
}

/** Read access to a durable log, for the checkers. */
export interface LogReader {
  /** Index of the first entry still held (it may precede the snapshot: trailing entries are kept). */
  firstIndex(): number;
  lastIndex(): number;
  /** The entry at i, or undefined when compacted or past the end. */
  entry(i: number): Entry | undefined;
  /** Term at i, also for the snapshot index; undefined when unknown. */
  term(i: number): number | undefined;
}

export class NodeDisk implements LogReader {
  private hardState: HardState = EMPTY_HARD_STATE;
  private snap: Snapshot;
  /** Entries after the snapshot, contiguous. */
  private ents: Entry[] = [];
  private pending: DiskWrite[] = [];

  constructor(initial: Snapshot = EMPTY_SNAPSHOT) {
    this.snap = initial;
  }

  get durableHardState(): HardState {
    return this.hardState;
  }

  get durableSnapshot(): Snapshot {
    return this.snap;
  }

  get hasUnsynced(): boolean {
    return this.pending.length > 0;
  }

  /** Queues a write; it is lost on crash until `sync` runs. */
  write(w: DiskWrite): void {
    this.pending.push(w);
  }

  /** fsync: everything written so far becomes durable. */
  sync(listener: DiskListener): void {
    const writes = this.pending;
    this.pending = [];
    for (const w of writes) {
      if (w.snapshot !== undefined) this.installSnapshot(w.snapshot, listener);
      if (w.entries.length > 0) this.appendEntries(w.entries, listener);
      if (w.hardState !== undefined) {
        this.hardState = w.hardState;
        listener.onDurableHardState(w.hardState);
      }
    }
  }

  /**
   * A crash: the page cache is gone. `lying` simulates a disk whose fsync did not make appended
   * entries durable: every entry past the durable commit index is lost too (a deliberately injected
   * driver bug, used to prove that the checkers notice lost acknowledged entries).
   */
  crash(lying = false): void {
    this.pending = [];
    if (!lying) return;
    const head = this.ents[0];
    if (head === undefined) return;
    const keepTo = Math.max(this.hardState.commit, this.snap.meta.index);
    this.ents.length = Math.max(0, keepTo + 1 - head.index);
  }

  /**
   * Saves a snapshot the node took of its own state machine and drops entries up to `compactIndex`
   * (<= the snapshot index: a few trailing entries stay for followers that are only slightly behind).
   * Written with its own fsync, which also flushes earlier writes (as a WAL snapshot record would).
   */
  saveLocalSnapshot(snap: Snapshot, compactIndex: number, listener: DiskListener): void {
    this.sync(listener);
    if (snap.meta.index <= this.snap.meta.index) {
      throw new HarnessError(`local snapshot ${snap.meta.index} is not newer than ${this.snap.meta.index}`);
    }
    if (compactIndex > snap.meta.index) throw new HarnessError('compaction past the snapshot');
    this.snap = snap;
    const head = this.ents[0];
    if (head !== undefined && compactIndex >= head.index)
      this.ents = this.ents.slice(compactIndex + 1 - head.index);
  }

  /** The Storage a restarted node reads: the durable image (entries before the snapshot are not reloaded). */
  load(): MemoryStorage {
    const s = new MemoryStorage(this.snap);
    s.setHardState(this.hardState);
    const after = this.ents.filter((e) => e.index > this.snap.meta.index);
    s.append(after);
    return s;
  }

  firstIndex(): number {
    return this.ents[0]?.index ?? this.snap.meta.index + 1;
  }

  lastIndex(): number {
    const last = this.ents[this.ents.length - 1];
    return last === undefined ? this.snap.meta.index : Math.max(last.index, this.snap.meta.index);
  }

  entry(i: number): Entry | undefined {
    const head = this.ents[0];
    if (head === undefined || i < head.index) return undefined;
    return this.ents[i - head.index];
  }

  term(i: number): number | undefined {
    return this.entry(i)?.term ?? (i === this.snap.meta.index ? this.snap.meta.term : undefined);
  }

  private installSnapshot(snap: Snapshot, listener: DiskListener): void {
    this.snap = snap;
    this.ents = [];
    listener.onDurableSnapshot(snap);
  }

  private appendEntries(entries: readonly Entry[], listener: DiskListener): void {
    let es = entries;
    const base = this.firstIndex();
    const first = es[0]!;
    if (es[es.length - 1]!.index < base) return;
    if (first.index < base) es = es.slice(base - first.index);
    const firstNew = es[0]!.index;
    const last = this.lastIndex();
    if (firstNew > last + 1) {
      throw new PropertyViolation(
        'core-contract',
        `Ready asked to persist entries from ${firstNew} but the log ends at ${last}`,
      );
    }
    const prevTerm = this.term(firstNew - 1);
    const head = this.ents[0];
    let replaced: Entry[] = [];
    if (head === undefined) {
      this.ents = [...es];
    } else {
      const keep = firstNew - head.index;
      replaced = this.ents.slice(keep);
      this.ents.length = keep;
      for (const e of es) this.ents.push(e);
    }
    listener.onDurableEntries(prevTerm, es, replaced);
  }
}
