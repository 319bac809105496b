// WAL segment files (<seq>-<firstIndex>.wal): creation by tmp + rename, appending, and decoding with
// the torn-tail (truncate) versus corruption (refuse) decision.
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { WalCorruptError } from './errors.ts';
import { decodeRecord, framedLength, RecordType, RecordWriter, type WalRecord } from './record.ts';
import type { WalFile, WalFs } from './wal-fs.ts';

export interface SegmentName {
  readonly seq: number;
  /** Index of the first entry appended to this segment (last index + 1 when it was cut). */
  readonly firstIndex: number;
  readonly file: string;
}

const SEGMENT_RE = /^([0-9a-f]{16})-([0-9a-f]{16})\.wal$/;

export function segmentFileName(seq: number, firstIndex: number): string {
  return `${hex16(seq)}-${hex16(firstIndex)}.wal`;
}

export function parseSegmentName(file: string): SegmentName | undefined {
  const m = SEGMENT_RE.exec(file);
  if (m === null) return undefined;
  const seq = Number.parseInt(m[1]!, 16);
  const firstIndex = Number.parseInt(m[2]!, 16);
  if (!Number.isSafeInteger(seq) || !Number.isSafeInteger(firstIndex)) return undefined;
  return { seq, firstIndex, file };
}

export function hex16(n: number): string {
  return n.toString(16).padStart(16, '0');
}

/** The segment being appended to. */
export class SegmentFile {
  constructor(
    readonly name: SegmentName,
    readonly path: string,
    private readonly handle: WalFile,
    /** Bytes in the file; the next record goes here. */
    public size: number,
    /** Seed of this segment's records (its header's crc). */
    readonly seed: number,
    /** CRC-32 of the file's bytes so far: the next segment's header carries it. */
    public contentCrc: number,
  ) {}

  async append(bytes: Uint8Array): Promise<void> {
    await this.handle.write(bytes, this.size);
    this.size += bytes.byteLength;
    this.contentCrc = crc32(bytes, this.contentCrc);
  }

  datasync(): Promise<void> {
    return this.handle.datasync();
  }

  close(): Promise<void> {
    return this.handle.close();
  }

  /**
   * Creates segment `seq` in `dir` holding its header plus whatever `initial` writes (the current
   * hard state and snapshot marker), fsynced before the rename so the file is whole once visible.
   * `prevCrc` is the previous segment's contentCrc (0 for the first segment).
   */
  static async create(
    fs: WalFs,
    dir: string,
    seq: number,
    firstIndex: number,
    prevCrc: number,
    initial: (w: RecordWriter) => void,
  ): Promise<SegmentFile> {
    const file = segmentFileName(seq, firstIndex);
    const path = join(dir, file);
    const tmp = `${path}.tmp`;
    const w = new RecordWriter(0, 256);
    w.segmentHeader(seq, firstIndex, prevCrc);
    initial(w);
    const handle = await fs.open(tmp, 'create');
    try {
      await handle.write(w.bytes(), 0);
      await handle.datasync();
      await fs.rename(tmp, path);
      await fs.syncDir(dir);
    } catch (err) {
      await handle.close().catch(() => undefined);
      throw err;
    }
    const bytes = w.bytes();
    return new SegmentFile({ seq, firstIndex, file }, path, handle, bytes.byteLength, w.seed, crc32(bytes));
  }
}

export interface DecodedRecord {
  readonly record: WalRecord;
  /** Byte offset of the record in its segment file. */
  readonly offset: number;
}

export interface TornTail {
  readonly offset: number;
  readonly bytes: number;
  readonly reason: string;
}

export interface SegmentContents {
  readonly name: SegmentName;
  /** Records after the segment header. */
  readonly records: DecodedRecord[];
  /** Seed of the segment's records. */
  readonly seed: number;
  /** CRC-32 of the bytes up to validBytes. */
  readonly contentCrc: number;
  /** Bytes up to the end of the last valid record. */
  readonly validBytes: number;
  /** Set when a torn tail follows validBytes (only in the last segment). */
  readonly torn: TornTail | undefined;
}

/**
 * Decodes one segment. `prevCrc` is the previous segment's contentCrc (undefined for the first
 * segment kept): each header carries the CRC-32 of the whole previous segment, so a sealed segment
 * whose records were reordered, replaced or swapped for another file's is caught. A bad record is a
 * torn tail only in the last segment and only when no valid record follows it; otherwise it is
 * corruption and recovery must stop.
 */
export function decodeSegment(
  name: SegmentName,
  data: Uint8Array,
  isLast: boolean,
  prevCrc: number | undefined,
): SegmentContents {
  const head = decodeRecord(data, 0, 0);
  if (!head.ok) throw new WalCorruptError(name.file, 0, `bad segment header: ${head.reason}`);
  const h = head.record;
  if (h.type !== RecordType.SegmentHeader) {
    throw new WalCorruptError(name.file, 0, `first record is type ${h.type}, not a segment header`);
  }
  if (h.seq !== name.seq || h.firstIndex !== name.firstIndex) {
    throw new WalCorruptError(
      name.file,
      0,
      `header says seq ${h.seq} first index ${h.firstIndex}, the file name disagrees`,
    );
  }
  if (prevCrc !== undefined && h.prevCrc !== prevCrc) {
    throw new WalCorruptError(
      name.file,
      0,
      'crc chain broken: the previous segment is not the one this segment was started after',
    );
  }
  const seed = head.crc;
  const records: DecodedRecord[] = [];
  let offset = head.next;
  let torn: TornTail | undefined;
  while (offset < data.byteLength) {
    const r = decodeRecord(data, offset, seed);
    if (!r.ok) {
      if (!isLast)
        throw new WalCorruptError(name.file, offset, `${r.reason} in a segment that is not the last`);
      const valid = findValidRecordAfter(data, offset, seed);
      if (valid !== undefined) {
        throw new WalCorruptError(
          name.file,
          offset,
          `${r.reason}; a valid record follows at offset ${valid}`,
        );
      }
      torn = { offset, bytes: data.byteLength - offset, reason: r.reason };
      break;
    }
    if (r.record.type === RecordType.SegmentHeader) {
      throw new WalCorruptError(name.file, offset, 'segment header in the middle of a segment');
    }
    records.push({ record: r.record, offset });
    offset = r.next;
  }
  const contentCrc = crc32(data.subarray(0, offset));
  return { name, records, seed, contentCrc, validBytes: offset, torn };
}

/**
 * Offset of the first record after the bad one at `bad` that verifies against the segment seed, if
 * any: proof that the damage is not a torn tail. Every byte offset is a candidate, so this finds a
 * surviving record even when the damage destroyed the framing before it.
 */
export function findValidRecordAfter(data: Uint8Array, bad: number, seed: number): number | undefined {
  for (let y = bad + 1; y < data.byteLength; y++) {
    if (framedLength(data, y) < 0 || data[y + 8] === RecordType.SegmentHeader) continue;
    if (decodeRecord(data, y, seed).ok) return y;
  }
  return undefined;
}
