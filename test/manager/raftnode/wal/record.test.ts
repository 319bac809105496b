// The record codec: round trips of every record type, seeding, and that damage never decodes.
import t from 'tap';
import {
  decodeRecord,
  framedLength,
  RECORD_HEADER_BYTES,
  RecordType,
  RecordWriter,
  readU64,
  writeU64,
} from '../../../../manager/raftnode/wal/record.ts';
import { EntryType } from '../../../../raft/types.ts';
import { entry } from './wal-fixtures.ts';

function decodeAll(bytes: Uint8Array, seed: number): RecordType[] {
  const out: RecordType[] = [];
  let off = 0;
  let s = seed;
  while (off < bytes.byteLength) {
    const r = decodeRecord(bytes, off, s);
    if (!r.ok) throw new Error(`decode failed at ${off}: ${r.reason}`);
    out.push(r.record.type);
    if (r.record.type === RecordType.SegmentHeader) s = r.crc;
    off = r.next;
  }
  return out;
}

t.test('every record type round-trips', async (t) => {
  const w = new RecordWriter(0);
  w.segmentHeader(7, 2 ** 40 + 3, 0xdeadbeef);
  const seed = w.seed;
  const e = { ...entry(2 ** 33 + 1, 2 ** 35 + 9, 300), type: EntryType.ConfChange };
  w.entry(e);
  w.entry({ index: 5, term: 1, type: EntryType.Normal, data: new Uint8Array(0) });
  w.hardState({ term: 12, vote: 'node-é', commit: 2 ** 45 });
  w.hardState({ term: 0, vote: '', commit: 0 });
  w.snapshot(1000, 4, true);
  w.snapshot(1001, 5, false);
  const bytes = w.bytes().slice();
  const got = [];
  let off = 0;
  while (off < bytes.byteLength) {
    const r = decodeRecord(bytes, off, seed);
    t.ok(r.ok, `record at ${off} decodes`);
    if (!r.ok) return;
    got.push(r.record);
    off = r.next;
  }
  t.same(got[0], { type: RecordType.SegmentHeader, seq: 7, firstIndex: 2 ** 40 + 3, prevCrc: 0xdeadbeef });
  const ge = got[1];
  t.ok(ge?.type === RecordType.Entry);
  if (ge?.type === RecordType.Entry) {
    t.equal(ge.entry.index, e.index);
    t.equal(ge.entry.term, e.term);
    t.equal(ge.entry.type, EntryType.ConfChange);
    t.same([...ge.entry.data], [...e.data]);
  }
  t.same(got[3], { type: RecordType.HardState, hardState: { term: 12, vote: 'node-é', commit: 2 ** 45 } });
  t.same(got[4], { type: RecordType.HardState, hardState: { term: 0, vote: '', commit: 0 } });
  t.same(got[5], { type: RecordType.Snapshot, index: 1000, term: 4, resetsLog: true });
  t.same(got[6], { type: RecordType.Snapshot, index: 1001, term: 5, resetsLog: false });
});

t.test('records verify only against their segment seed', async (t) => {
  const w = new RecordWriter(0x1234);
  w.entry(entry(1, 1));
  w.entry(entry(2, 1));
  const bytes = w.bytes().slice();
  t.equal(decodeAll(bytes, 0x1234).length, 2);
  const wrongSeed = decodeRecord(bytes, 0, 0x1235);
  t.notOk(wrongSeed.ok, 'wrong seed fails');
  t.match(wrongSeed.ok ? '' : wrongSeed.reason, /crc mismatch/);
  const first = decodeRecord(bytes, 0, 0x1234);
  t.ok(first.ok && decodeRecord(bytes, first.next, 0x1234).ok, 'each record verifies on its own');
});

t.test('the segment header is seeded with zero and seeds the records after it', async (t) => {
  const a = new RecordWriter(0);
  a.segmentHeader(1, 1, 0xabcdef);
  a.entry(entry(1, 1));
  const b = new RecordWriter(0);
  b.segmentHeader(2, 1, 0xabcdef);
  b.entry(entry(1, 1));
  t.not(a.seed, b.seed, 'segments get different seeds');
  const bytes = a.bytes().slice();
  t.ok(decodeRecord(bytes, 0, 99).ok, 'header ignores the seed it is given');
  t.equal(decodeAll(bytes, 0).length, 2);
  const bBytes = b.bytes().slice();
  const bHead = decodeRecord(bBytes, 0, 0);
  t.ok(bHead.ok);
  if (bHead.ok)
    t.notOk(decodeRecord(bytes, bHead.next, b.seed).ok, 'a record of segment 1 fails in segment 2');
});

t.test('any single flipped byte makes the record fail to decode', async (t) => {
  const w = new RecordWriter(0);
  w.entry(entry(9, 3, 40));
  const good = w.bytes().slice();
  let failures = 0;
  for (let i = 0; i < good.byteLength; i++) {
    for (const mask of [0x01, 0x80, 0xff]) {
      const bad = good.slice();
      bad[i]! ^= mask;
      if (!decodeRecord(bad, 0, 0).ok) failures++;
    }
  }
  t.equal(failures, good.byteLength * 3);
});

t.test('partial records are reported, not decoded', async (t) => {
  const w = new RecordWriter(0);
  w.entry(entry(1, 1, 20));
  const good = w.bytes().slice();
  for (let n = 0; n < good.byteLength; n++) {
    const r = decodeRecord(good.subarray(0, n), 0, 0);
    t.notOk(r.ok, `truncated to ${n} bytes`);
    t.equal(framedLength(good.subarray(0, n), 0), -1);
  }
  t.equal(framedLength(good, 0), good.byteLength - RECORD_HEADER_BYTES);
});

t.test('zeros and unknown types are not records', async (t) => {
  t.notOk(decodeRecord(new Uint8Array(64), 0, 0).ok);
  t.equal(framedLength(new Uint8Array(64), 0), -1);
  const w = new RecordWriter(0);
  w.snapshot(1, 1, false);
  const bytes = w.bytes().slice();
  bytes[8] = 9;
  const r = decodeRecord(bytes, 0, 0);
  t.notOk(r.ok);
  t.match(r.ok ? '' : r.reason, /bad record type 9/);
});

t.test('u64 helpers cover the safe integer range', async (t) => {
  const buf = Buffer.alloc(8);
  for (const n of [0, 1, 2 ** 32 - 1, 2 ** 32, 2 ** 52 + 7, Number.MAX_SAFE_INTEGER]) {
    writeU64(buf, 0, n);
    t.equal(readU64(buf, 0), n);
    t.equal(buf.readBigUInt64LE(0), BigInt(n), `${n} is a little-endian u64 on disk`);
  }
});

t.test('the writer grows its buffer for large records', async (t) => {
  const w = new RecordWriter(0, 16);
  for (let i = 1; i <= 50; i++) w.entry(entry(i, 1, 1000));
  t.equal(decodeAll(w.bytes(), 0).length, 50);
});
