// Snapshot files: encoding, CRC and truncation checks, atomic save, pruning.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { SnapshotCorruptError } from '../../../../manager/raftnode/wal/errors.ts';
import {
  decodeSnapshot,
  encodeSnapshot,
  parseSnapshotFileName,
  Snapshotter,
  snapshotFileName,
} from '../../../../manager/raftnode/wal/snapshotter.ts';
import { nodeWalFs } from '../../../../manager/raftnode/wal/wal-fs.ts';
import type { Snapshot } from '../../../../raft/types.ts';
import { tempDir } from './wal-fixtures.ts';

function snap(index: number, term: number, size = 100): Snapshot {
  const data = new Uint8Array(size);
  for (let i = 0; i < size; i++) data[i] = (i * 13 + index) & 0xff;
  return { meta: { index, term, confState: { voters: ['n1', 'n2', 'nœud-3'], learners: ['n4'] } }, data };
}

function plainSnap(s: Snapshot): object {
  return { meta: s.meta, data: [...s.data] };
}

t.test('file names are <term>-<index> in 16 hex digits', async (t) => {
  t.equal(snapshotFileName(2, 20), '0000000000000002-0000000000000014.snap');
  t.same(parseSnapshotFileName('0000000000000002-0000000000000014.snap'), {
    term: 2,
    index: 20,
    file: '0000000000000002-0000000000000014.snap',
  });
  t.equal(parseSnapshotFileName('0000000000000002-0000000000000014.snap.tmp'), undefined);
  t.equal(parseSnapshotFileName('2-14.snap'), undefined);
});

t.test('encode/decode round-trip, including empty membership and data', async (t) => {
  for (const s of [
    snap(20, 2),
    snap(2 ** 40, 2 ** 33, 0),
    { meta: { index: 0, term: 0, confState: { voters: [], learners: [] } }, data: new Uint8Array(0) },
  ]) {
    t.same(plainSnap(decodeSnapshot('x', encodeSnapshot(s))), plainSnap(s));
  }
});

t.test('a CRC mismatch anywhere in the file is detected', async (t) => {
  const good = encodeSnapshot(snap(20, 2, 64));
  for (let i = 0; i < good.byteLength; i++) {
    const bad = Buffer.from(good);
    bad[i]! ^= 0x10;
    t.throws(() => decodeSnapshot('f.snap', bad), SnapshotCorruptError, `byte ${i}`);
  }
  const bad = Buffer.from(good);
  bad[good.byteLength - 1]! ^= 1;
  t.throws(() => decodeSnapshot('f.snap', bad), {
    name: 'SnapshotCorruptError',
    file: 'f.snap',
    reason: /crc mismatch/,
  });
});

t.test('a truncated or extended file is detected', async (t) => {
  const good = encodeSnapshot(snap(20, 2, 64));
  for (let n = 0; n < good.byteLength; n++) {
    t.throws(() => decodeSnapshot('f.snap', good.subarray(0, n)), SnapshotCorruptError, `first ${n} bytes`);
  }
  t.throws(() => decodeSnapshot('f.snap', Buffer.concat([good, Buffer.alloc(1)])), SnapshotCorruptError);
});

t.test('save is atomic and load checks the name against the contents', async (t) => {
  const dir = tempDir(t);
  const s = new Snapshotter(nodeWalFs, dir);
  const file = await s.save(snap(20, 2));
  t.same(readdirSync(dir), [file], 'no temporary file left');
  t.same(plainSnap(await s.load(2, 20)), plainSnap(snap(20, 2)));
  await t.rejects(s.load(2, 21), { name: 'SnapshotCorruptError', reason: /missing/ });
  // A file renamed to another snapshot's name is refused.
  writeFileSync(join(dir, snapshotFileName(3, 30)), readFileSync(join(dir, file)));
  await t.rejects(s.load(3, 30), { name: 'SnapshotCorruptError', reason: /file name disagrees/ });
});

t.test('purge keeps the newest N at or below the durable index and anything newer', async (t) => {
  const dir = tempDir(t);
  const s = new Snapshotter(nodeWalFs, dir);
  for (const i of [10, 20, 30, 40, 50]) await s.save(snap(i, 1, 4));
  t.same(await s.purge(2, 40), [snapshotFileName(1, 20), snapshotFileName(1, 10)]);
  t.same(
    (await s.list()).map((n) => n.index),
    [50, 40, 30],
  );
});

t.test('temporaries left by a crashed save are removed', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, `${snapshotFileName(1, 1)}.tmp`), 'partial');
  const s = new Snapshotter(nodeWalFs, dir);
  await s.removeTemporaries();
  t.same(readdirSync(dir), []);
});
