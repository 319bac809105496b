// Recovery's choice of snapshot and its replay rules, through the public Wal API on a real disk.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { SnapshotUnavailableError } from '../../../../manager/raftnode/wal/errors.ts';
import { snapshotFileName } from '../../../../manager/raftnode/wal/snapshotter.ts';
import { Wal } from '../../../../manager/raftnode/wal/wal.ts';
import type { Snapshot } from '../../../../raft/types.ts';
import { entries, entry, plain, tempDir } from './wal-fixtures.ts';

function snap(index: number, term: number): Snapshot {
  return {
    meta: { index, term, confState: { voters: ['a', 'b', 'c'], learners: [] } },
    data: new TextEncoder().encode(`state@${index}`),
  };
}

function damage(dir: string, term: number, index: number): string {
  const path = join(dir, 'snap', snapshotFileName(term, index));
  const data = readFileSync(path);
  data[data.byteLength - 2]! ^= 0x40;
  writeFileSync(path, data);
  return path;
}

async function twoSnapshots(dir: string, opts = {}): Promise<void> {
  const { wal } = await Wal.create(dir, opts);
  await wal.save({ term: 1, vote: 'a', commit: 30 }, entries(1, 30, 1), true);
  await wal.saveSnapshot(snap(10, 1));
  await wal.saveSnapshot(snap(20, 1));
  await wal.save({ term: 1, vote: 'a', commit: 31 }, entries(31, 31, 1), true);
  await wal.close();
}

t.test('a corrupt newest snapshot falls back to an older one the log still covers', async (t) => {
  const dir = tempDir(t);
  await twoSnapshots(dir);
  const path = damage(dir, 1, 20);
  const warnings: { obj: object; msg: string }[] = [];
  const logger = { info: () => undefined, warn: (obj: object, msg: string) => warnings.push({ obj, msg }) };
  const { wal, recovered } = await Wal.open(dir, { logger });
  t.equal(recovered.snapshot?.meta.index, 10);
  t.equal(new TextDecoder().decode(recovered.snapshot?.data), 'state@10');
  t.same(plain(recovered.entries), plain(entries(11, 31, 1)));
  t.equal(warnings.length, 1);
  t.match(warnings[0], { obj: { file: path, reason: /crc mismatch/ }, msg: /skipped/ });
  await wal.close();
});

t.test('a missing newest snapshot file also falls back', async (t) => {
  const dir = tempDir(t);
  await twoSnapshots(dir);
  rmSync(join(dir, 'snap', snapshotFileName(1, 20)));
  const { wal, recovered } = await Wal.open(dir);
  t.equal(recovered.snapshot?.meta.index, 10);
  await wal.close();
});

t.test('with the older log released, a corrupt snapshot is a clear error', async (t) => {
  const dir = tempDir(t);
  const { wal } = await Wal.create(dir, { segmentBytes: 512 });
  for (let i = 1; i <= 40; i += 4)
    await wal.save({ term: 1, vote: '', commit: i + 3 }, entries(i, i + 3, 1), true);
  await wal.saveSnapshot(snap(10, 1));
  await wal.saveSnapshot(snap(30, 1));
  t.ok((await wal.releaseTo(30)).length > 0);
  await wal.close();
  const path = damage(dir, 1, 30);
  const err = await Wal.open(dir).catch((e: unknown) => e);
  t.ok(err instanceof SnapshotUnavailableError);
  if (err instanceof SnapshotUnavailableError) {
    t.equal(err.dir, dir);
    t.match(err.attempts[0], { file: path, reason: /crc mismatch/ });
    t.match(err.attempts[1], { file: 'snapshot 1-10', reason: /released/ });
    t.match(err.message, /cannot be recovered.*crc mismatch.*released/);
  }
});

t.test('no fallback across a snapshot that replaced the log', async (t) => {
  const dir = tempDir(t);
  const { wal } = await Wal.create(dir);
  await wal.save({ term: 1, vote: '', commit: 10 }, entries(1, 12, 1), true);
  await wal.saveSnapshot(snap(10, 1));
  await wal.saveSnapshot(snap(50, 3)); // installed from a leader: entries 13..50 were never here
  await wal.save({ term: 3, vote: '', commit: 51 }, entries(51, 51, 3), true);
  await wal.close();
  damage(dir, 3, 50);
  const err = await Wal.open(dir).catch((e: unknown) => e);
  t.ok(err instanceof SnapshotUnavailableError);
  if (err instanceof SnapshotUnavailableError) {
    t.match(err.attempts[1], { file: 'snapshot 1-10', reason: /snapshot 3-50 replaced the log/ });
  }
});

t.test('a snapshot file without its marker (crash before the marker) is not used', async (t) => {
  const dir = tempDir(t);
  await twoSnapshots(dir);
  // The file for a later snapshot exists but its marker was never written.
  writeFileSync(
    join(dir, 'snap', snapshotFileName(1, 31)),
    readFileSync(join(dir, 'snap', snapshotFileName(1, 20))),
  );
  const { wal, recovered } = await Wal.open(dir);
  t.equal(recovered.snapshot?.meta.index, 20);
  t.same(plain(recovered.entries), plain(entries(21, 31, 1)));
  await wal.close();
});

t.test('a bootstrap snapshot at index 0 carries the first membership', async (t) => {
  const dir = tempDir(t);
  const { wal } = await Wal.create(dir);
  await wal.saveSnapshot(snap(0, 0));
  await wal.save({ term: 1, vote: 'a', commit: 0 }, entries(1, 2, 1), true);
  await wal.close();
  const { wal: w2, recovered } = await Wal.open(dir);
  t.same(recovered.snapshot?.meta, snap(0, 0).meta);
  t.same(plain(recovered.entries), plain(entries(1, 2, 1)));
  await w2.close();
});

t.test('the hard state is raised to match a snapshot or entries saved without it', async (t) => {
  const dir = tempDir(t);
  const { wal } = await Wal.create(dir);
  await wal.save({ term: 2, vote: 'a', commit: 3 }, entries(1, 5, 2), true);
  // A crash after the snapshot and entries of term 4 but before the hard state that went with them.
  await wal.saveSnapshot(snap(8, 3));
  await wal.save(undefined, [entry(9, 4)], true);
  await wal.close();
  const { wal: w2, recovered } = await Wal.open(dir);
  t.same(
    recovered.hardState,
    { term: 4, vote: '', commit: 8 },
    'commit >= snapshot, term >= last entry, vote dropped',
  );
  await w2.close();
});

t.test('the hard state is kept as saved when it is consistent', async (t) => {
  const dir = tempDir(t);
  const { wal } = await Wal.create(dir);
  await wal.save({ term: 5, vote: 'c', commit: 2 }, entries(1, 5, 2), true);
  await wal.close();
  const { wal: w2, recovered } = await Wal.open(dir);
  t.same(recovered.hardState, { term: 5, vote: 'c', commit: 2 });
  await w2.close();
});
