// Torn writes and corrupt records on a real file system: a damaged tail of the last segment is
// truncated away, damage anywhere else stops recovery with the file and offset.
import { cpSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { WalCorruptError } from '../../../../manager/raftnode/wal/errors.ts';
import { decodeSegment, parseSegmentName } from '../../../../manager/raftnode/wal/segment.ts';
import { Wal } from '../../../../manager/raftnode/wal/wal.ts';
import { SeededRandom } from '../../../../raft/random.ts';
import { entries, entry, plain, tempDir } from './wal-fixtures.ts';

interface Fixture {
  readonly dir: string;
  /** Path of the last segment, relative to the WAL dir. */
  readonly lastSegment: string;
  /** Record offsets in the last segment (after its header). */
  readonly offsets: number[];
  readonly size: number;
}

/** A WAL with 3 segments; the last one holds 6 single-entry records (entries 25..30). */
async function fixture(root: string): Promise<Fixture> {
  const dir = join(root, 'base');
  const { wal } = await Wal.create(dir, { segmentBytes: 600 });
  await wal.save({ term: 1, vote: 'a', commit: 0 }, entries(1, 12, 1, 40), true);
  await wal.save(undefined, entries(13, 24, 1, 40), true);
  for (let i = 25; i <= 30; i++) await wal.save(undefined, [entry(i, 1, 40)], true);
  await wal.close();
  const segs = readdirSync(join(dir, 'wal')).sort();
  const lastSegment = join('wal', segs.at(-1)!);
  const data = readFileSync(join(dir, lastSegment));
  const name = parseSegmentName(segs.at(-1)!)!;
  const decoded = decodeSegment(name, data, true, undefined);
  return { dir, lastSegment, offsets: decoded.records.map((r) => r.offset), size: data.byteLength };
}

let copies = 0;
function copy(root: string, f: Fixture): string {
  const dir = join(root, `copy-${copies++}`);
  cpSync(f.dir, dir, { recursive: true });
  return dir;
}

async function corruptError(dir: string): Promise<WalCorruptError> {
  const err = await Wal.open(dir).then(
    async ({ wal }) => {
      await wal.close();
      return undefined;
    },
    (e: unknown) => e,
  );
  if (!(err instanceof WalCorruptError)) throw new Error(`expected WalCorruptError, got ${String(err)}`);
  return err;
}

t.test('fixture spans several segments and ends with single-entry records', async (t) => {
  const f = await fixture(tempDir(t));
  t.ok(readdirSync(join(f.dir, 'wal')).length >= 3);
  t.ok(f.offsets.length >= 6);
});

t.test(
  'truncating the last segment at every byte of its last record recovers the records before it',
  async (t) => {
    const root = tempDir(t);
    const f = await fixture(root);
    const start = f.offsets.at(-1)!;
    for (let cut = start; cut < f.size; cut++) {
      const dir = copy(root, f);
      const path = join(dir, f.lastSegment);
      truncateSync(path, cut);
      const { wal, recovered } = await Wal.open(dir);
      t.same(plain(recovered.entries), plain(entries(1, 29, 1, 40)), `cut at ${cut}: entries 1..29`);
      if (cut === start) {
        t.equal(recovered.truncatedTail, undefined, 'a cut at a record boundary is not torn');
      } else {
        t.same(recovered.truncatedTail && { ...recovered.truncatedTail, reason: '' }, {
          file: path,
          offset: start,
          bytes: cut - start,
          reason: '',
        });
      }
      t.equal(statSync(path).size, start, 'file truncated to the last whole record');
      await wal.save(undefined, [entry(30, 2, 40)], true);
      await wal.close();
      const again = await Wal.open(dir);
      t.same(plain(again.recovered.entries.slice(-2)), plain([entry(29, 1, 40), entry(30, 2, 40)]));
      t.equal(again.recovered.truncatedTail, undefined);
      await again.wal.close();
    }
  },
);

t.test('a flipped byte anywhere in the last record is a torn tail', async (t) => {
  const root = tempDir(t);
  const f = await fixture(root);
  const start = f.offsets.at(-1)!;
  for (let at = start; at < f.size; at++) {
    const dir = copy(root, f);
    const path = join(dir, f.lastSegment);
    const data = readFileSync(path);
    data[at]! ^= 0x5a;
    writeFileSync(path, data);
    const logged: object[] = [];
    const logger = { info: () => undefined, warn: (o: object) => logged.push(o) };
    const { wal, recovered } = await Wal.open(dir, { logger });
    t.equal(recovered.entries.at(-1)?.index, 29, `byte ${at}: entry 30 dropped`);
    t.equal(recovered.truncatedTail?.offset, start);
    t.equal(logged.length, 1, 'the truncation is logged');
    await wal.close();
  }
});

t.test('a flipped byte anywhere in a middle record is corruption naming file and offset', async (t) => {
  const root = tempDir(t);
  const f = await fixture(root);
  const start = f.offsets.at(-3)!;
  const end = f.offsets.at(-2)!;
  for (let at = start; at < end; at++) {
    const dir = copy(root, f);
    const path = join(dir, f.lastSegment);
    const data = readFileSync(path);
    data[at]! ^= 0xff;
    writeFileSync(path, data);
    const err = await corruptError(dir);
    t.equal(err.file, path, `byte ${at}: file named`);
    t.equal(err.offset, start, `byte ${at}: offset of the damaged record`);
    t.match(err.message, new RegExp(`${f.lastSegment}.*offset ${start}.*valid record follows`));
    t.equal(statSync(path).size, f.size, 'nothing truncated');
  }
});

t.test('damage in a segment that is not the last is corruption even at its end', async (t) => {
  const root = tempDir(t);
  const f = await fixture(root);
  const segs = readdirSync(join(f.dir, 'wal')).sort();
  const dir = copy(root, f);
  const path = join(dir, 'wal', segs[1]!);
  const size = statSync(path).size;
  truncateSync(path, size - 3);
  const err = await corruptError(dir);
  t.equal(err.file, path);
  t.match(err.message, /not the last/);
});

t.test('a damaged segment header is corruption, not a torn tail', async (t) => {
  const root = tempDir(t);
  const f = await fixture(root);
  const dir = copy(root, f);
  const path = join(dir, f.lastSegment);
  const data = readFileSync(path);
  data[12]! ^= 1;
  writeFileSync(path, data);
  const err = await corruptError(dir);
  t.equal(err.offset, 0);
  t.match(err.reason, /segment header/);
});

t.test('zeros or garbage after the last record are a torn tail', async (t) => {
  const root = tempDir(t);
  const f = await fixture(root);
  const rng = new SeededRandom(7);
  for (const kind of ['zeros', 'garbage', 'garbage', 'garbage']) {
    const dir = copy(root, f);
    const path = join(dir, f.lastSegment);
    const junk = Buffer.alloc(1 + rng.intn(5000));
    if (kind === 'garbage') for (let i = 0; i < junk.length; i++) junk[i] = rng.intn(256);
    writeFileSync(path, Buffer.concat([readFileSync(path), junk]));
    const { wal, recovered } = await Wal.open(dir);
    t.equal(recovered.entries.at(-1)?.index, 30, `${kind}: nothing lost`);
    t.equal(recovered.truncatedTail?.bytes, junk.length);
    t.equal(statSync(path).size, f.size);
    await wal.close();
  }
});

t.test('garbage in the middle with valid records after it is corruption', async (t) => {
  const root = tempDir(t);
  const f = await fixture(root);
  const dir = copy(root, f);
  const path = join(dir, f.lastSegment);
  const data = readFileSync(path);
  const at = f.offsets.at(-2)!;
  data.fill(0, at, at + 20); // zero a 20-byte hole inside the second-to-last record
  writeFileSync(path, data);
  const err = await corruptError(dir);
  t.equal(err.offset, at);
  t.match(err.reason, new RegExp(`valid record follows at offset ${f.offsets.at(-1)}`));
});

t.test('a missing middle segment is corruption', async (t) => {
  const root = tempDir(t);
  const f = await fixture(root);
  const dir = copy(root, f);
  const segs = readdirSync(join(dir, 'wal')).sort();
  const { rmSync } = await import('node:fs');
  rmSync(join(dir, 'wal', segs[1]!));
  const err = await corruptError(dir);
  t.match(err.reason, /seq 1 is missing/);
});

t.test('a segment swapped for another breaks the crc chain', async (t) => {
  const root = tempDir(t);
  const f = await fixture(root);
  const dir = copy(root, f);
  const segs = readdirSync(join(dir, 'wal')).sort();
  // Rebuild segment 1's content on top of a different WAL with the same shape but other data.
  const other = join(root, 'other');
  const { wal } = await Wal.create(other, { segmentBytes: 600 });
  await wal.save({ term: 1, vote: 'b', commit: 0 }, entries(1, 12, 1, 40), true);
  await wal.save(undefined, entries(13, 24, 1, 40), true);
  await wal.close();
  const otherSegs = readdirSync(join(other, 'wal')).sort();
  t.equal(otherSegs[1], segs[1], 'same segment name');
  writeFileSync(join(dir, 'wal', segs[1]!), readFileSync(join(other, 'wal', otherSegs[1]!)));
  const err = await corruptError(dir);
  t.match(err.reason, /crc chain broken|crc mismatch/);
});
