// The durable Raft store of a manager: write-ahead log segments plus snapshot files under one
// directory (`wal/`, `snap/`, `FORMAT`). Saves are group-committed; nothing resolves before fsync.
import { dirname, join } from 'node:path';
import { EMPTY_HARD_STATE, type Entry, type HardState, type Snapshot } from '../../../raft/types.ts';
import { WalClosedError, WalExistsError, WalFailedError } from './errors.ts';
import { checkFormat, formatPath, writeFormat } from './format.ts';
import { GroupCommit } from './group-commit.ts';
import { LogTerms } from './log-terms.ts';
import { LogWriter, type WalRequest } from './log-writer.ts';
import { EMPTY_SEGMENT_BYTES } from './record.ts';
import { readSegments, recoverLog } from './recovery.ts';
import { type SegmentName, SegmentFile } from './segment.ts';
import { Snapshotter } from './snapshotter.ts';
import { nodeWalFs, type WalFs } from './wal-fs.ts';

export const DEFAULT_SEGMENT_BYTES = 64 * 1024 * 1024;
export const DEFAULT_SNAPSHOTS_TO_KEEP = 3;
const MAX_BATCH_BYTES = 16 * 1024 * 1024;

/** Structured logging, shaped like pino's so a child logger can be passed as is. */
export interface WalLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface WalOptions {
  /** A segment is closed and a new one started once it reaches this size. */
  readonly segmentBytes?: number;
  /** Snapshot files kept by `saveSnapshot` (at least 1). */
  readonly snapshotsToKeep?: number;
  readonly fs?: WalFs;
  readonly logger?: WalLogger;
}

/** Bytes cut off the end of the last segment on open because a crash tore them. */
export interface TruncatedTail {
  readonly file: string;
  readonly offset: number;
  readonly bytes: number;
  readonly reason: string;
}

export interface Recovered {
  readonly hardState: HardState;
  readonly snapshot: Snapshot | undefined;
  /** Entries after the snapshot, ascending and contiguous. */
  readonly entries: Entry[];
  readonly truncatedTail: TruncatedTail | undefined;
}

export interface WalOpenResult {
  readonly wal: Wal;
  readonly recovered: Recovered;
}

export interface WalStats {
  /** `save` and `saveSnapshot` requests committed. */
  readonly requests: number;
  /** Group-commit rounds: one write each. */
  readonly batches: number;
  /** fdatasync calls on segments. */
  readonly fsyncs: number;
  readonly bytesWritten: number;
  readonly segments: number;
}

interface State {
  readonly fs: WalFs;
  readonly dir: string;
  readonly segments: SegmentName[];
  readonly tail: SegmentFile;
  readonly hardState: HardState;
  readonly marker: { readonly index: number; readonly term: number } | undefined;
  readonly terms: LogTerms;
}

export class Wal {
  private readonly snapshotter: Snapshotter;
  private readonly snapshotsToKeep: number;
  private readonly logger: WalLogger | undefined;
  private readonly writer: LogWriter;
  private readonly queue: GroupCommit<WalRequest>;
  private closed = false;
  private purging: Promise<void> = Promise.resolve();

  private constructor(s: State, opts: WalOptions) {
    this.snapshotter = new Snapshotter(s.fs, join(s.dir, 'snap'));
    this.snapshotsToKeep = Math.max(1, opts.snapshotsToKeep ?? DEFAULT_SNAPSHOTS_TO_KEEP);
    this.logger = opts.logger;
    this.writer = new LogWriter({
      ...s,
      walDir: join(s.dir, 'wal'),
      segmentBytes: opts.segmentBytes ?? DEFAULT_SEGMENT_BYTES,
      onNewSegment: (file) => this.logger?.info({ file }, 'raft WAL: new segment'),
    });
    this.queue = new GroupCommit<WalRequest>({
      commit: (items) => this.writer.commit(items),
      failure: (cause) => new WalFailedError(cause),
      weight: (r) => (r.kind === 'save' ? r.entries.reduce((n, e) => n + e.data.byteLength + 30, 40) : 30),
      maxBatchWeight: MAX_BATCH_BYTES,
    });
  }

  /** Whether `dir` holds a WAL (its FORMAT file, written last by `create`, exists). */
  static exists(dir: string, fs: WalFs = nodeWalFs): Promise<boolean> {
    return fs.exists(formatPath(dir));
  }

  /** Makes a new, empty WAL in `dir` (created if needed). Leftovers of a create that crashed are removed. */
  static async create(dir: string, opts: WalOptions = {}): Promise<WalOpenResult> {
    const fs = opts.fs ?? nodeWalFs;
    if (await fs.exists(formatPath(dir))) throw new WalExistsError(dir);
    await fs.mkdir(dir);
    await fs.syncDir(dirname(dir));
    const walDir = join(dir, 'wal');
    // A create that crashed before FORMAT leaves at most an empty first segment. Anything more is a
    // log whose FORMAT file went missing, and that must not be overwritten.
    for (const f of await fs.readdir(walDir)) {
      if (f.endsWith('.wal') && (await fs.readFile(join(walDir, f))).byteLength > EMPTY_SEGMENT_BYTES) {
        throw new WalExistsError(dir, `${join(walDir, f)} holds records but ${formatPath(dir)} is missing`);
      }
    }
    await fs.rmrf(walDir);
    await fs.mkdir(walDir);
    await fs.mkdir(join(dir, 'snap'));
    await fs.syncDir(dir);
    const segment = await SegmentFile.create(fs, walDir, 0, 0, 0, () => undefined);
    await writeFormat(fs, dir);
    const wal = new Wal(
      {
        fs,
        dir,
        segments: [segment.name],
        tail: segment,
        hardState: EMPTY_HARD_STATE,
        marker: undefined,
        terms: new LogTerms(),
      },
      opts,
    );
    const recovered = {
      hardState: EMPTY_HARD_STATE,
      snapshot: undefined,
      entries: [],
      truncatedTail: undefined,
    };
    return { wal, recovered };
  }

  /** Opens an existing WAL and recovers its contents (see recovery.ts), truncating a torn tail. */
  static async open(dir: string, opts: WalOptions = {}): Promise<WalOpenResult> {
    const fs = opts.fs ?? nodeWalFs;
    await checkFormat(fs, dir);
    const walDir = join(dir, 'wal');
    const snapshotter = new Snapshotter(fs, join(dir, 'snap'));
    for (const f of await fs.readdir(walDir)) {
      if (f.endsWith('.tmp')) await fs.unlink(join(walDir, f));
    }
    await snapshotter.removeTemporaries();
    const segments = await readSegments(fs, walDir);
    const log = await recoverLog(dir, walDir, segments, (term, index) => snapshotter.load(term, index));
    for (const s of log.skipped)
      opts.logger?.warn({ file: s.file, reason: s.reason }, 'raft snapshot skipped');

    const last = segments.at(-1)!;
    const lastPath = join(walDir, last.name.file);
    const handle = await fs.open(lastPath, 'existing');
    let truncatedTail: TruncatedTail | undefined;
    if (last.torn !== undefined) {
      await handle.truncate(last.validBytes);
      await handle.datasync();
      truncatedTail = { file: lastPath, ...last.torn };
      opts.logger?.warn({ ...truncatedTail }, 'raft WAL: truncated a torn tail left by a crash');
    }
    const meta = log.snapshot?.meta;
    const terms = new LogTerms(meta?.index ?? 0, meta?.term ?? 0);
    terms.append(log.entries);
    const wal = new Wal(
      {
        fs,
        dir,
        segments: segments.map((s) => s.name),
        tail: new SegmentFile(last.name, lastPath, handle, last.validBytes, last.seed, last.contentCrc),
        hardState: log.hardState,
        marker: meta === undefined ? undefined : { index: meta.index, term: meta.term },
        terms,
      },
      opts,
    );
    const recovered = {
      hardState: log.hardState,
      snapshot: log.snapshot,
      entries: log.entries,
      truncatedTail,
    };
    return { wal, recovered };
  }

  get stats(): WalStats {
    return { ...this.writer.counters, segments: this.writer.segments.length };
  }

  /**
   * Appends `entries` then `hardState`. Resolves once they are written and, when `mustSync`, fsynced.
   * Saves issued while a round is in flight are coalesced into the next round.
   */
  save(hardState: HardState | undefined, entries: readonly Entry[], mustSync: boolean): Promise<void> {
    if (this.closed) return Promise.reject(new WalClosedError());
    return this.queue.submit({ kind: 'save', hardState, entries, mustSync });
  }

  /**
   * Writes the snapshot file atomically, then appends its marker (fsynced) in call order with saves,
   * then prunes snapshot files beyond the newest `snapshotsToKeep`.
   */
  async saveSnapshot(snapshot: Snapshot): Promise<void> {
    if (this.closed) throw new WalClosedError();
    const { index, term } = snapshot.meta;
    const written = this.snapshotter.save(snapshot);
    // The queue reports the failure through the gate; this keeps a refused submit from leaving the
    // file write's rejection unhandled.
    written.catch(() => undefined);
    await this.queue.submit({ kind: 'snapshot', index, term }, written);
    this.purging = this.purging.then(() => this.purgeSnapshots());
    await this.purging;
  }

  /**
   * Deletes segments whose entries are all at or below `index`, never beyond the newest synced
   * snapshot and never the segment being written. Returns the deleted file names.
   */
  releaseTo(index: number): Promise<string[]> {
    if (this.closed) return Promise.reject(new WalClosedError());
    return this.writer.releaseTo(index);
  }

  /** Commits what is queued, fsyncs anything written without sync, and closes the files. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue.drain();
    await this.purging;
    await this.writer.close(this.queue.failure === undefined);
    this.queue.fail(new WalClosedError());
  }

  private async purgeSnapshots(): Promise<void> {
    const durable = this.writer.durableSnapshot;
    if (durable === undefined) return;
    try {
      const removed = await this.snapshotter.purge(this.snapshotsToKeep, durable);
      if (removed.length > 0) this.logger?.info({ removed }, 'raft snapshots pruned');
    } catch (err) {
      // The new snapshot is durable; failing to prune old files only costs disk space.
      this.logger?.warn({ err }, 'raft snapshot pruning failed');
    }
  }
}
