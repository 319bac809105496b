// Snapshot files (<term>-<index>.snap) in the snap directory: atomic writes, CRC-checked loads,
// listing and pruning. Which snapshot recovery uses is decided by the WAL's markers, not here.
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import type { ConfState, Snapshot } from '../../../raft/types.ts';
import { SnapshotCorruptError } from './errors.ts';
import { readU32, readU64, writeU64 } from './record.ts';
import { type WalFs, writeFileAtomic } from './wal-fs.ts';

const MAGIC = Buffer.from('CVSNAP01', 'latin1');
const SNAP_RE = /^([0-9a-f]{16})-([0-9a-f]{16})\.snap$/;

export interface SnapshotFileName {
  readonly term: number;
  readonly index: number;
  readonly file: string;
}

export function snapshotFileName(term: number, index: number): string {
  return `${term.toString(16).padStart(16, '0')}-${index.toString(16).padStart(16, '0')}.snap`;
}

export function parseSnapshotFileName(file: string): SnapshotFileName | undefined {
  const m = SNAP_RE.exec(file);
  if (m === null) return undefined;
  return { term: Number.parseInt(m[1]!, 16), index: Number.parseInt(m[2]!, 16), file };
}

/** Layout: magic(8) crc(4) index(8) term(8) voters learners dataLength(8) data; crc covers from index on. */
export function encodeSnapshot(snap: Snapshot): Buffer {
  const names = (ids: readonly string[]): Buffer[] => ids.map((id) => Buffer.from(id, 'utf8'));
  const voters = names(snap.meta.confState.voters);
  const learners = names(snap.meta.confState.learners);
  const idBytes = (ids: Buffer[]): number => 4 + ids.reduce((n, b) => n + 2 + b.byteLength, 0);
  const size = 12 + 16 + idBytes(voters) + idBytes(learners) + 8 + snap.data.byteLength;
  const buf = Buffer.alloc(size);
  MAGIC.copy(buf, 0);
  let p = 12;
  writeU64(buf, p, snap.meta.index);
  writeU64(buf, p + 8, snap.meta.term);
  p += 16;
  for (const ids of [voters, learners]) {
    buf.writeUInt32LE(ids.length, p);
    p += 4;
    for (const id of ids) {
      buf.writeUInt16LE(id.byteLength, p);
      id.copy(buf, p + 2);
      p += 2 + id.byteLength;
    }
  }
  writeU64(buf, p, snap.data.byteLength);
  buf.set(snap.data, p + 8);
  buf.writeUInt32LE(crc32(buf.subarray(12)), 8);
  return buf;
}

/** Decodes and verifies a snapshot file's bytes; `file` names it in errors. */
export function decodeSnapshot(file: string, data: Uint8Array): Snapshot {
  const bad = (reason: string): SnapshotCorruptError => new SnapshotCorruptError(file, reason);
  if (data.byteLength < 12 + 16 + 8 + 8) throw bad(`only ${data.byteLength} bytes`);
  if (!MAGIC.equals(data.subarray(0, 8))) throw bad('not a covey snapshot file (bad magic)');
  const stored = readU32(data, 8);
  const actual = crc32(data.subarray(12));
  if (stored !== actual)
    throw bad(`crc mismatch (stored ${stored.toString(16)}, computed ${actual.toString(16)})`);
  const index = readU64(data, 12);
  const term = readU64(data, 20);
  let p = 28;
  const ids = (): string[] => {
    if (p + 4 > data.byteLength) throw bad('truncated membership');
    const n = readU32(data, p);
    p += 4;
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      if (p + 2 > data.byteLength) throw bad('truncated membership');
      const len = data[p]! | (data[p + 1]! << 8);
      if (p + 2 + len > data.byteLength) throw bad('truncated membership');
      out.push(Buffer.from(data.buffer, data.byteOffset + p + 2, len).toString('utf8'));
      p += 2 + len;
    }
    return out;
  };
  const confState: ConfState = { voters: ids(), learners: ids() };
  if (p + 8 > data.byteLength) throw bad('truncated data length');
  const len = readU64(data, p);
  if (p + 8 + len !== data.byteLength) throw bad(`data length ${len} does not match the file size`);
  return { meta: { index, term, confState }, data: data.slice(p + 8) };
}

export class Snapshotter {
  constructor(
    private readonly fs: WalFs,
    /** The snap directory. */
    readonly dir: string,
  ) {}

  /** Writes the snapshot file atomically; returns its file name. */
  async save(snap: Snapshot): Promise<string> {
    const file = snapshotFileName(snap.meta.term, snap.meta.index);
    await writeFileAtomic(this.fs, join(this.dir, file), encodeSnapshot(snap));
    return file;
  }

  /** Loads the snapshot saved at (term, index). Throws SnapshotCorruptError when missing or damaged. */
  async load(term: number, index: number): Promise<Snapshot> {
    const file = snapshotFileName(term, index);
    const path = join(this.dir, file);
    if (!(await this.fs.exists(path))) throw new SnapshotCorruptError(path, 'file is missing');
    const snap = decodeSnapshot(path, await this.fs.readFile(path));
    if (snap.meta.index !== index || snap.meta.term !== term) {
      throw new SnapshotCorruptError(
        path,
        `holds index ${snap.meta.index} term ${snap.meta.term}, the file name disagrees`,
      );
    }
    return snap;
  }

  /** Snapshot files, newest (highest index) first. */
  async list(): Promise<SnapshotFileName[]> {
    const out: SnapshotFileName[] = [];
    for (const f of await this.fs.readdir(this.dir)) {
      const n = parseSnapshotFileName(f);
      if (n !== undefined) out.push(n);
    }
    return out.sort((a, b) => b.index - a.index || b.term - a.term);
  }

  /**
   * Keeps the `keep` newest files at or below `durableIndex` (the newest snapshot whose marker is
   * synced) and every file above it (a save in flight); deletes the rest. Returns deleted names.
   */
  async purge(keep: number, durableIndex: number): Promise<string[]> {
    let kept = 0;
    const removed: string[] = [];
    for (const s of await this.list()) {
      if (s.index > durableIndex) continue;
      if (kept < keep) {
        kept++;
        continue;
      }
      await this.fs.unlink(join(this.dir, s.file));
      removed.push(s.file);
    }
    if (removed.length > 0) await this.fs.syncDir(this.dir);
    return removed;
  }

  /** Removes temporary files left by a save that crashed before its rename. */
  async removeTemporaries(): Promise<void> {
    for (const f of await this.fs.readdir(this.dir)) {
      if (f.endsWith('.tmp')) await this.fs.unlink(join(this.dir, f));
    }
  }
}
