// Segment naming, decoding, the torn-tail versus corruption scan, and atomic segment creation.
import t from 'tap';
import { WalCorruptError } from '../../../../manager/raftnode/wal/errors.ts';
import { RecordWriter } from '../../../../manager/raftnode/wal/record.ts';
import {
  decodeSegment,
  findValidRecordAfter,
  parseSegmentName,
  SegmentFile,
  segmentFileName,
} from '../../../../manager/raftnode/wal/segment.ts';
import { SeededRandom } from '../../../../raft/random.ts';
import { MemFs } from './mem-fs.ts';
import { entry } from './wal-fixtures.ts';

const NAME = { seq: 3, firstIndex: 100, file: segmentFileName(3, 100) };

/** A segment image with a header and `n` entry records; returns the bytes and record offsets. */
function segmentBytes(n: number): { data: Uint8Array; offsets: number[] } {
  const w = new RecordWriter(0);
  w.segmentHeader(3, 100, 0x77);
  const offsets: number[] = [];
  for (let i = 0; i < n; i++) {
    offsets.push(w.length);
    w.entry(entry(100 + i, 2, 24 + i));
  }
  return { data: w.bytes().slice(), offsets };
}

t.test('segment names', async (t) => {
  t.equal(segmentFileName(1, 0x1f), '0000000000000001-000000000000001f.wal');
  t.same(parseSegmentName('0000000000000001-000000000000001f.wal'), {
    seq: 1,
    firstIndex: 31,
    file: '0000000000000001-000000000000001f.wal',
  });
  for (const bad of ['1-1f.wal', '0000000000000001-000000000000001f.wal.tmp', 'x.wal', 'FORMAT']) {
    t.equal(parseSegmentName(bad), undefined, bad);
  }
});

t.test('decodes a whole segment and checks its header against name and chain', async (t) => {
  const { data, offsets } = segmentBytes(5);
  const seg = decodeSegment(NAME, data, false, 0x77);
  t.same(
    seg.records.map((r) => r.offset),
    offsets,
  );
  t.equal(seg.validBytes, data.byteLength);
  t.equal(seg.torn, undefined);
  t.throws(() => decodeSegment({ ...NAME, seq: 4 }, data, false, 0x77), {
    name: 'WalCorruptError',
    reason: /file name disagrees/,
  });
  t.throws(() => decodeSegment(NAME, data, false, 0x78), {
    name: 'WalCorruptError',
    reason: /crc chain broken/,
  });
  t.throws(() => decodeSegment(NAME, new Uint8Array(0), true, undefined), WalCorruptError);
});

t.test(
  'a window of damage anywhere in a middle record is always found to have valid records after it',
  async (t) => {
    const { data, offsets } = segmentBytes(4);
    const start = offsets[2]!;
    const end = offsets[3]!;
    let checked = 0;
    for (const width of [1, 4, 9, 20, end - start]) {
      for (const fill of [0x00, 0xff, -1]) {
        for (let at = start; at + width <= end; at++) {
          const bad = data.slice();
          const rng = new SeededRandom(at * 31 + width);
          for (let i = at; i < at + width; i++) bad[i] = fill < 0 ? rng.intn(256) : fill;
          t.throws(
            () => decodeSegment(NAME, bad, true, undefined),
            {
              name: 'WalCorruptError',
              offset: start,
              reason: new RegExp(`valid record follows at offset ${end}`),
            },
            `width ${width} fill ${fill} at ${at}`,
          );
          checked++;
        }
      }
    }
    t.ok(checked > 100);
  },
);

t.test('damage in the last record, or a partial one, is a torn tail', async (t) => {
  const { data, offsets } = segmentBytes(4);
  const start = offsets[3]!;
  for (let cut = start + 1; cut < data.byteLength; cut++) {
    const seg = decodeSegment(NAME, data.subarray(0, cut), true, undefined);
    t.equal(seg.records.length, 3);
    t.same(seg.torn && { offset: seg.torn.offset, bytes: seg.torn.bytes }, {
      offset: start,
      bytes: cut - start,
    });
  }
  t.equal(findValidRecordAfter(data, start, 0), undefined, 'with a wrong seed nothing verifies');
});

t.test('a new segment is invisible until complete', async (t) => {
  const fs = new MemFs();
  await fs.mkdir('/w');
  let image: MemFs | undefined;
  fs.onOp = (op) => {
    if (op === 'rename' && image === undefined) image = fs.crashImage('clean');
  };
  const seg = await SegmentFile.create(fs, '/w', 1, 10, 0x99, (w) =>
    w.hardState({ term: 1, vote: 'a', commit: 2 }),
  );
  t.same(await image!.readdir('/w'), [], 'a crash before the rename leaves no segment');
  t.same(await fs.readdir('/w'), [segmentFileName(1, 10)]);
  const after = fs.crashImage('clean');
  const decoded = decodeSegment(seg.name, await after.readFile(`/w/${segmentFileName(1, 10)}`), true, 0x99);
  t.equal(decoded.records.length, 1, 'durable with its initial records once create resolves');
  t.equal(decoded.contentCrc, seg.contentCrc);
  await seg.close();
});
