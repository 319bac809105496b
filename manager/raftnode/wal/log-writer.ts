// The append side of the WAL: one write and at most one fsync per group-commit round, segment
// rotation (each new segment repeats the hard state and snapshot marker), and segment release.
import { join } from 'node:path';
import type { Entry, HardState } from '../../../raft/types.ts';
import { WalError } from './errors.ts';
import type { LogTerms } from './log-terms.ts';
import { RecordWriter } from './record.ts';
import { type SegmentName, SegmentFile } from './segment.ts';
import type { WalFs } from './wal-fs.ts';

export type WalRequest =
  | {
      readonly kind: 'save';
      readonly hardState: HardState | undefined;
      readonly entries: readonly Entry[];
      readonly mustSync: boolean;
    }
  | { readonly kind: 'snapshot'; readonly index: number; readonly term: number };

export interface LogWriterState {
  readonly fs: WalFs;
  readonly walDir: string;
  /** All segments, oldest first; the last one is `tail`. */
  readonly segments: SegmentName[];
  readonly tail: SegmentFile;
  readonly hardState: HardState;
  /** Newest snapshot marker whose file recovery can load (copied into each new segment). */
  readonly marker: { readonly index: number; readonly term: number } | undefined;
  readonly terms: LogTerms;
  readonly segmentBytes: number;
  readonly onNewSegment: (path: string) => void;
}

export interface WriterCounters {
  requests: number;
  batches: number;
  fsyncs: number;
  bytesWritten: number;
}

export class LogWriter {
  private readonly fs: WalFs;
  private readonly walDir: string;
  readonly segments: SegmentName[];
  private tail: SegmentFile;
  private hardState: HardState;
  private marker: { index: number; term: number } | undefined;
  /** Index of the newest snapshot whose marker is synced: the limit for `releaseTo`. */
  durableSnapshot: number | undefined;
  private readonly terms: LogTerms;
  private readonly segmentBytes: number;
  private readonly onNewSegment: (path: string) => void;
  private unsynced = false;
  readonly counters: WriterCounters = { requests: 0, batches: 0, fsyncs: 0, bytesWritten: 0 };

  constructor(s: LogWriterState) {
    this.fs = s.fs;
    this.walDir = s.walDir;
    this.segments = s.segments;
    this.tail = s.tail;
    this.hardState = s.hardState;
    this.marker = s.marker;
    this.durableSnapshot = s.marker?.index;
    this.terms = s.terms;
    this.segmentBytes = s.segmentBytes;
    this.onNewSegment = s.onNewSegment;
  }

  /** One group-commit round: encode every request, one write, at most one fsync, maybe a new segment. */
  async commit(items: readonly WalRequest[]): Promise<(Error | undefined)[]> {
    const w = new RecordWriter(this.tail.seed, 64 * 1024);
    const errors: (Error | undefined)[] = [];
    let sync = false;
    let markerIndex: number | undefined;
    for (const r of items) {
      if (r.kind === 'save') {
        const bad = this.terms.checkAppend(r.entries);
        if (bad !== undefined) {
          errors.push(new WalError(`raft WAL save refused: ${bad}`));
          continue;
        }
        for (const e of r.entries) w.entry(e);
        this.terms.append(r.entries);
        if (r.hardState !== undefined) {
          w.hardState(r.hardState);
          this.hardState = r.hardState;
        }
        sync ||= r.mustSync;
      } else {
        if (r.index < this.terms.baseIndex) {
          errors.push(
            new WalError(`raft WAL refused snapshot ${r.index}: older than ${this.terms.baseIndex}`),
          );
          continue;
        }
        const continues = this.terms.termAt(r.index) === r.term;
        w.snapshot(r.index, r.term, !continues);
        if (continues) this.terms.compact(r.index, r.term);
        else this.terms.reset(r.index, r.term);
        this.marker = { index: r.index, term: r.term };
        markerIndex = r.index;
        sync = true;
      }
      errors.push(undefined);
    }
    if (w.length > 0) {
      await this.tail.append(w.bytes());
      this.counters.batches++;
      this.counters.bytesWritten += w.length;
      this.unsynced = true;
    }
    if (sync || this.tail.size >= this.segmentBytes) await this.sync();
    if (markerIndex !== undefined) this.durableSnapshot = markerIndex;
    this.counters.requests += items.length;
    if (this.tail.size >= this.segmentBytes) await this.cut();
    return errors;
  }

  private async sync(): Promise<void> {
    if (!this.unsynced) return;
    await this.tail.datasync();
    this.counters.fsyncs++;
    this.unsynced = false;
  }

  /** Starts the next segment; it opens with the current hard state and newest snapshot marker. */
  private async cut(): Promise<void> {
    const prev = this.tail;
    const seq = prev.name.seq + 1;
    const segment = await SegmentFile.create(
      this.fs,
      this.walDir,
      seq,
      this.terms.lastIndex + 1,
      prev.contentCrc,
      (w) => {
        w.hardState(this.hardState);
        if (this.marker !== undefined) w.snapshot(this.marker.index, this.marker.term, false);
      },
    );
    this.tail = segment;
    this.segments.push(segment.name);
    await prev.close();
    this.onNewSegment(segment.path);
  }

  /**
   * Deletes segments whose entries are all at or below `index`, never beyond the newest synced
   * snapshot and never the segment being written. Returns the deleted file names.
   */
  async releaseTo(index: number): Promise<string[]> {
    if (this.durableSnapshot === undefined) return [];
    const limit = Math.min(index, this.durableSnapshot);
    let n = 0;
    while (n + 1 < this.segments.length && this.segments[n + 1]!.firstIndex <= limit + 1) n++;
    const doomed = this.segments.splice(0, n);
    // Oldest first: a crash part-way leaves a contiguous run of segments.
    for (const s of doomed) await this.fs.unlink(join(this.walDir, s.file));
    if (doomed.length > 0) await this.fs.syncDir(this.walDir);
    return doomed.map((s) => s.file);
  }

  /** Makes anything written without sync durable and closes the tail segment. */
  async close(flush: boolean): Promise<void> {
    if (flush) await this.sync();
    await this.tail.close();
  }
}
