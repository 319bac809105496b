// WAL record codec: [u32 length][u32 crc][u8 type][payload], little-endian; crc is CRC-32 of
// type+payload seeded with the crc of the segment's header record.
import { crc32 } from 'node:zlib';
import { type Entry, EntryType, type HardState } from '../../../raft/types.ts';

/*
 * The seed binds every record to its segment (a record copied from another segment or WAL does not
 * verify) while each record stays verifiable on its own, which is what lets recovery tell a torn tail
 * (nothing valid after the damage) from corruption. Segments chain through their headers, each of
 * which carries the CRC-32 of the whole previous segment (see segment.ts).
 */
export enum RecordType {
  /** First record of every segment: its seq, first index and the crc of the whole previous segment. */
  SegmentHeader = 1,
  Entry = 2,
  HardState = 3,
  /** A snapshot was saved at (index, term); recovery starts from the newest one it can load. */
  Snapshot = 4,
}

/** Bytes before the payload: length, crc, type. */
export const RECORD_HEADER_BYTES = 9;
/** Larger lengths are treated as damage, not as a record (Raft entries are far smaller). */
export const MAX_RECORD_PAYLOAD = 256 * 1024 * 1024;

const ENTRY_FIXED = 17; // term, index, entry type
const HARD_STATE_FIXED = 16; // term, commit (vote follows)
const SNAPSHOT_BYTES = 17; // index, term, flags
const SEGMENT_HEADER_BYTES = 20; // seq, firstIndex, prevCrc
/** Size of a segment that holds nothing but its header. */
export const EMPTY_SEGMENT_BYTES = RECORD_HEADER_BYTES + SEGMENT_HEADER_BYTES;
const TWO_32 = 4294967296;

export interface SegmentHeaderRecord {
  readonly type: RecordType.SegmentHeader;
  readonly seq: number;
  readonly firstIndex: number;
  readonly prevCrc: number;
}

export interface EntryRecord {
  readonly type: RecordType.Entry;
  readonly entry: Entry;
}

export interface HardStateRecord {
  readonly type: RecordType.HardState;
  readonly hardState: HardState;
}

/**
 * `resetsLog` is true when the snapshot replaced the log (a follower installing the leader's snapshot
 * over a log that does not contain it): entries written before it with higher indexes are stale.
 */
export interface SnapshotRecord {
  readonly type: RecordType.Snapshot;
  readonly index: number;
  readonly term: number;
  readonly resetsLog: boolean;
}

export type WalRecord = SegmentHeaderRecord | EntryRecord | HardStateRecord | SnapshotRecord;

/** Appends records to a growing buffer. */
export class RecordWriter {
  private buf: Buffer;
  private pos = 0;

  constructor(
    /** The segment seed: crc of the segment's header record. */
    public seed: number,
    capacity = 4096,
  ) {
    this.buf = Buffer.allocUnsafe(capacity);
  }

  get length(): number {
    return this.pos;
  }

  /**
   * Starts a segment. The header is seeded with 0; its crc becomes the seed of the records after it.
   * `prevCrc` is the crc of the whole previous segment, which chains the segments.
   */
  segmentHeader(seq: number, firstIndex: number, prevCrc: number): void {
    const p = this.begin(SEGMENT_HEADER_BYTES);
    writeU64(this.buf, p, seq);
    writeU64(this.buf, p + 8, firstIndex);
    this.buf.writeUInt32LE(prevCrc >>> 0, p + 16);
    this.seed = 0;
    this.seed = this.end(RecordType.SegmentHeader, SEGMENT_HEADER_BYTES);
  }

  entry(e: Entry): void {
    const p = this.begin(ENTRY_FIXED + e.data.byteLength);
    writeU64(this.buf, p, e.term);
    writeU64(this.buf, p + 8, e.index);
    this.buf[p + 16] = e.type;
    this.buf.set(e.data, p + ENTRY_FIXED);
    this.end(RecordType.Entry, ENTRY_FIXED + e.data.byteLength);
  }

  hardState(hs: HardState): void {
    const voteBytes = Buffer.byteLength(hs.vote, 'utf8');
    const p = this.begin(HARD_STATE_FIXED + voteBytes);
    writeU64(this.buf, p, hs.term);
    writeU64(this.buf, p + 8, hs.commit);
    this.buf.write(hs.vote, p + HARD_STATE_FIXED, 'utf8');
    this.end(RecordType.HardState, HARD_STATE_FIXED + voteBytes);
  }

  snapshot(index: number, term: number, resetsLog: boolean): void {
    const p = this.begin(SNAPSHOT_BYTES);
    writeU64(this.buf, p, index);
    writeU64(this.buf, p + 8, term);
    this.buf[p + 16] = resetsLog ? 1 : 0;
    this.end(RecordType.Snapshot, SNAPSHOT_BYTES);
  }

  /** The encoded bytes so far (a view, valid until the next write). */
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }

  /** Reserves a record of `payload` bytes and returns where the payload starts. */
  private begin(payload: number): number {
    const need = this.pos + RECORD_HEADER_BYTES + payload;
    if (need > this.buf.byteLength) {
      const grown = Buffer.allocUnsafe(Math.max(need, this.buf.byteLength * 2));
      this.buf.copy(grown, 0, 0, this.pos);
      this.buf = grown;
    }
    return this.pos + RECORD_HEADER_BYTES;
  }

  private end(type: RecordType, payload: number): number {
    const p = this.pos;
    this.buf.writeUInt32LE(payload, p);
    this.buf[p + 8] = type;
    const crc = crc32(this.buf.subarray(p + 8, p + RECORD_HEADER_BYTES + payload), this.seed);
    this.buf.writeUInt32LE(crc, p + 4);
    this.pos = p + RECORD_HEADER_BYTES + payload;
    return crc;
  }
}

export type DecodeResult =
  | { readonly ok: true; readonly record: WalRecord; readonly next: number; readonly crc: number }
  | { readonly ok: false; readonly reason: string };

/**
 * Payload length of a record at `offset` if its frame is plausible (fits in the data, known type,
 * length the type allows), else -1. Says nothing about the checksum.
 */
export function framedLength(data: Uint8Array, offset: number): number {
  if (offset + RECORD_HEADER_BYTES > data.byteLength) return -1;
  const len = readU32(data, offset);
  if (len > MAX_RECORD_PAYLOAD || offset + RECORD_HEADER_BYTES + len > data.byteLength) return -1;
  return payloadFits(data[offset + 8]!, len) ? len : -1;
}

/** Decodes the record at `offset`, verifying it against the segment seed (0 for a header). */
export function decodeRecord(data: Uint8Array, offset: number, seed: number): DecodeResult {
  if (offset + RECORD_HEADER_BYTES > data.byteLength) {
    return { ok: false, reason: `partial record header (${data.byteLength - offset} bytes)` };
  }
  const len = readU32(data, offset);
  if (len > MAX_RECORD_PAYLOAD) return { ok: false, reason: `implausible record length ${len}` };
  if (offset + RECORD_HEADER_BYTES + len > data.byteLength) {
    return { ok: false, reason: `record of ${len} bytes runs past the end of the file` };
  }
  const type = data[offset + 8]!;
  if (!payloadFits(type, len)) return { ok: false, reason: `bad record type ${type} or length ${len}` };
  const stored = readU32(data, offset + 4);
  const body = data.subarray(offset + 8, offset + RECORD_HEADER_BYTES + len);
  const actual = crc32(body, type === RecordType.SegmentHeader ? 0 : seed);
  if (stored !== actual) {
    return { ok: false, reason: `crc mismatch (stored ${hex32(stored)}, computed ${hex32(actual)})` };
  }
  const record = decodePayload(type, data, offset + RECORD_HEADER_BYTES, len);
  if (record === undefined) return { ok: false, reason: `undecodable payload of record type ${type}` };
  return { ok: true, record, next: offset + RECORD_HEADER_BYTES + len, crc: stored };
}

function payloadFits(type: number, len: number): boolean {
  switch (type) {
    case RecordType.SegmentHeader:
      return len === SEGMENT_HEADER_BYTES;
    case RecordType.Entry:
      return len >= ENTRY_FIXED;
    case RecordType.HardState:
      return len >= HARD_STATE_FIXED;
    case RecordType.Snapshot:
      return len === SNAPSHOT_BYTES;
    default:
      return false;
  }
}

function decodePayload(type: number, data: Uint8Array, p: number, len: number): WalRecord | undefined {
  switch (type) {
    case RecordType.SegmentHeader:
      return {
        type,
        seq: readU64(data, p),
        firstIndex: readU64(data, p + 8),
        prevCrc: readU32(data, p + 16),
      };
    case RecordType.Entry: {
      const entryType = data[p + 16]!;
      if (entryType !== EntryType.Normal && entryType !== EntryType.ConfChange) return undefined;
      const entry: Entry = {
        term: readU64(data, p),
        index: readU64(data, p + 8),
        type: entryType,
        // A copy: a view would pin the whole segment buffer for as long as the entry lives.
        data: data.slice(p + ENTRY_FIXED, p + len),
      };
      return { type, entry };
    }
    case RecordType.HardState: {
      const vote = Buffer.from(data.buffer, data.byteOffset + p + HARD_STATE_FIXED, len - HARD_STATE_FIXED);
      return {
        type,
        hardState: { term: readU64(data, p), commit: readU64(data, p + 8), vote: vote.toString('utf8') },
      };
    }
    case RecordType.Snapshot: {
      const flags = data[p + 16]!;
      if (flags > 1) return undefined;
      return { type, index: readU64(data, p), term: readU64(data, p + 8), resetsLog: flags === 1 };
    }
    default:
      return undefined;
  }
}

// Raft indexes and terms are safe integers; u64 on disk keeps the format honest for other readers.
export function writeU64(buf: Buffer, offset: number, n: number): void {
  buf.writeUInt32LE(n % TWO_32, offset);
  buf.writeUInt32LE(Math.floor(n / TWO_32), offset + 4);
}

export function readU64(data: Uint8Array, offset: number): number {
  return readU32(data, offset) + readU32(data, offset + 4) * TWO_32;
}

export function readU32(data: Uint8Array, offset: number): number {
  return (
    (data[offset]! | (data[offset + 1]! << 8) | (data[offset + 2]! << 16)) + data[offset + 3]! * 0x1000000
  );
}

function hex32(n: number): string {
  return n.toString(16).padStart(8, '0');
}
