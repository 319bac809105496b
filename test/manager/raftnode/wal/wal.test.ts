// The Wal's public API on a real disk: round trips, reopen, follower truncation, snapshots,
// rotation and release, FORMAT handling, create after a crash, close.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import {
  WalClosedError,
  WalError,
  WalExistsError,
  WalFormatError,
  WalNotFoundError,
} from '../../../../manager/raftnode/wal/errors.ts';
import { Wal } from '../../../../manager/raftnode/wal/wal.ts';
import { MemoryStorage } from '../../../../raft/memory-storage.ts';
import { EMPTY_HARD_STATE, type Snapshot } from '../../../../raft/types.ts';
import { MemFs } from './mem-fs.ts';
import { entries, entry, plain, tempDir } from './wal-fixtures.ts';

function snap(index: number, term: number, voters = ['a', 'b', 'c']): Snapshot {
  return {
    meta: { index, term, confState: { voters, learners: ['l'] } },
    data: new TextEncoder().encode(`state at ${index}`),
  };
}

t.test('create, save, reopen: entries and hard state come back', async (t) => {
  const dir = join(tempDir(t), 'raft');
  t.equal(await Wal.exists(dir), false);
  const { wal, recovered } = await Wal.create(dir);
  t.same(recovered, {
    hardState: EMPTY_HARD_STATE,
    snapshot: undefined,
    entries: [],
    truncatedTail: undefined,
  });
  t.equal(await Wal.exists(dir), true);
  t.equal(readFileSync(join(dir, 'FORMAT'), 'utf8'), 'covey-raft-wal 1\n');
  await wal.save({ term: 1, vote: 'a', commit: 0 }, entries(1, 10, 1), true);
  await wal.save({ term: 2, vote: 'b', commit: 7 }, entries(11, 12, 2), true);
  await wal.save(undefined, [], true);
  await wal.close();
  const r = await Wal.open(dir);
  t.same(r.recovered.hardState, { term: 2, vote: 'b', commit: 7 });
  t.same(plain(r.recovered.entries), plain([...entries(1, 10, 1), ...entries(11, 12, 2)]));
  t.equal(r.recovered.snapshot, undefined);
  t.equal(r.recovered.truncatedTail, undefined);
  // The driver's use: load the recovered state into the in-memory index the core reads.
  const ms = new MemoryStorage();
  ms.setHardState(r.recovered.hardState);
  ms.append(r.recovered.entries);
  t.equal(ms.lastIndex(), 12);
  t.equal(ms.term(11), 2);
  // Appends continue after reopen.
  await r.wal.save(undefined, entries(13, 13, 2), true);
  await r.wal.close();
  const again = await Wal.open(dir);
  t.equal(again.recovered.entries.at(-1)?.index, 13);
  await again.wal.close();
});

t.test('follower truncation: a later save at a lower index replaces the suffix', async (t) => {
  const dir = tempDir(t);
  const { wal } = await Wal.create(dir);
  await wal.save({ term: 1, vote: 'a', commit: 3 }, entries(1, 10, 1), true);
  await wal.save({ term: 2, vote: '', commit: 3 }, entries(6, 8, 2), true); // conflict from index 6
  await wal.save(undefined, entries(9, 9, 2), true);
  await wal.save({ term: 3, vote: '', commit: 4 }, entries(4, 4, 3), true); // and again from 4
  await wal.close();
  const { wal: w2, recovered } = await Wal.open(dir);
  t.same(plain(recovered.entries), plain([...entries(1, 3, 1), entry(4, 3)]));
  t.same(recovered.hardState, { term: 3, vote: '', commit: 4 });
  await w2.close();
});

t.test('a save that would leave a gap is refused without writing', async (t) => {
  const dir = tempDir(t);
  const { wal } = await Wal.create(dir);
  await wal.save(undefined, entries(1, 3, 1), true);
  await t.rejects(wal.save(undefined, entries(5, 6, 1), true), WalError);
  await t.rejects(wal.save(undefined, [entry(4, 1), entry(6, 1)], true), /not contiguous/);
  await wal.save(undefined, entries(4, 4, 1), true);
  await wal.close();
  const { wal: w2, recovered } = await Wal.open(dir);
  t.same(plain(recovered.entries), plain(entries(1, 4, 1)));
  await w2.close();
});

t.test('snapshot round-trip: recovery starts at the snapshot and keeps the entries after it', async (t) => {
  const dir = tempDir(t);
  const { wal } = await Wal.create(dir);
  await wal.save({ term: 2, vote: 'a', commit: 20 }, entries(1, 30, 2), true);
  await wal.saveSnapshot(snap(20, 2));
  await wal.save({ term: 2, vote: 'a', commit: 31 }, entries(31, 31, 2), true);
  await wal.close();
  t.ok(readdirSync(join(dir, 'snap')).includes('0000000000000002-0000000000000014.snap'));
  const { wal: w2, recovered } = await Wal.open(dir);
  t.same(recovered.snapshot?.meta, snap(20, 2).meta);
  t.equal(new TextDecoder().decode(recovered.snapshot?.data), 'state at 20');
  t.same(plain(recovered.entries), plain(entries(21, 31, 2)));
  t.same(recovered.hardState, { term: 2, vote: 'a', commit: 31 });
  await w2.close();
});

t.test(
  'an installed snapshot replaces a log that does not contain it; stale entries never return',
  async (t) => {
    const dir = tempDir(t);
    const { wal } = await Wal.create(dir);
    // A follower with a stale uncommitted tail (term 1) receives the leader's snapshot at 8 (term 3).
    await wal.save({ term: 1, vote: '', commit: 2 }, entries(1, 12, 1), true);
    await wal.saveSnapshot(snap(8, 3));
    await wal.save({ term: 3, vote: '', commit: 8 }, [], true);
    await wal.close();
    const { wal: w2, recovered } = await Wal.open(dir);
    t.equal(recovered.snapshot?.meta.index, 8);
    t.same(recovered.entries, [], 'entries 9..12 of term 1 were replaced by the snapshot');
    await w2.save(undefined, entries(9, 9, 3), true);
    await w2.close();
    const { wal: w3, recovered: r3 } = await Wal.open(dir);
    t.same(plain(r3.entries), plain([entry(9, 3)]));
    await w3.close();
  },
);

t.test('a snapshot the log contains does not drop the entries after it', async (t) => {
  const dir = tempDir(t);
  const { wal } = await Wal.create(dir);
  await wal.save({ term: 1, vote: '', commit: 12 }, entries(1, 12, 1), true);
  await wal.saveSnapshot(snap(8, 1));
  await wal.close();
  const { wal: w2, recovered } = await Wal.open(dir);
  t.same(plain(recovered.entries), plain(entries(9, 12, 1)));
  await w2.close();
});

t.test('snapshot retention keeps the newest N files', async (t) => {
  const dir = tempDir(t);
  const { wal } = await Wal.create(dir, { snapshotsToKeep: 2 });
  await wal.save(undefined, entries(1, 50, 1), true);
  for (const i of [10, 20, 30, 40]) await wal.saveSnapshot(snap(i, 1));
  t.same(readdirSync(join(dir, 'snap')).sort(), [
    '0000000000000001-000000000000001e.snap',
    '0000000000000001-0000000000000028.snap',
  ]);
  await wal.close();
});

t.test('segments rotate at the configured size and releaseTo deletes covered ones', async (t) => {
  const dir = tempDir(t);
  const { wal } = await Wal.create(dir, { segmentBytes: 2048 });
  for (let i = 1; i <= 200; i += 10) {
    await wal.save({ term: 1, vote: 'a', commit: i + 9 }, entries(i, i + 9, 1, 64), true);
  }
  const segs = readdirSync(join(dir, 'wal')).sort();
  t.ok(segs.length >= 5, `rotated into ${segs.length} segments`);
  t.equal(wal.stats.segments, segs.length);
  t.equal(segs[0], '0000000000000000-0000000000000000.wal');
  t.match(segs[1], /^0000000000000001-[0-9a-f]{16}\.wal$/);
  t.same(await wal.releaseTo(150), [], 'nothing is released before a snapshot covers it');
  await wal.saveSnapshot(snap(120, 1));
  const released = await wal.releaseTo(150);
  t.ok(released.length > 0, 'released up to the snapshot');
  const firstKept = readdirSync(join(dir, 'wal')).sort()[0]!;
  const firstIndex = Number.parseInt(firstKept.split('-')[1]!, 16);
  t.ok(firstIndex <= 121, `first kept segment starts at ${firstIndex}, at or before 121`);
  for (const f of released) {
    const next = Number.parseInt(f.split('-')[1]!, 16);
    t.ok(next <= 120, `${f} held only entries at or below the snapshot`);
  }
  await wal.close();
  const { wal: w2, recovered } = await Wal.open(dir);
  t.equal(recovered.snapshot?.meta.index, 120);
  t.same(plain(recovered.entries), plain(entries(121, 200, 1, 64)));
  t.same(recovered.hardState, { term: 1, vote: 'a', commit: 200 });
  await w2.close();
});

t.test('the hard state survives the release of the segment that first held it', async (t) => {
  const dir = tempDir(t);
  const { wal } = await Wal.create(dir, { segmentBytes: 1024 });
  await wal.save({ term: 4, vote: 'z', commit: 1 }, entries(1, 1, 4), true);
  for (let i = 2; i <= 100; i++) await wal.save(undefined, [entry(i, 4, 64)], false);
  await wal.saveSnapshot(snap(100, 4));
  const released = await wal.releaseTo(100);
  t.ok(released.includes('0000000000000000-0000000000000000.wal'));
  await wal.close();
  const { wal: w2, recovered } = await Wal.open(dir);
  t.same(recovered.hardState, { term: 4, vote: 'z', commit: 100 }, 'commit raised to the snapshot');
  t.equal(recovered.snapshot?.meta.index, 100);
  t.same(recovered.entries, []);
  await w2.close();
});

t.test('FORMAT guards the directory', async (t) => {
  const dir = tempDir(t);
  await t.rejects(Wal.open(dir), WalNotFoundError);
  const { wal } = await Wal.create(dir);
  await wal.close();
  await t.rejects(Wal.create(dir), WalExistsError);
  writeFileSync(join(dir, 'FORMAT'), 'covey-raft-wal 2\n');
  const err = await Wal.open(dir).catch((e: unknown) => e);
  t.ok(err instanceof WalFormatError);
  if (err instanceof WalFormatError) {
    t.equal(err.file, join(dir, 'FORMAT'));
    t.equal(err.found, 'covey-raft-wal 2');
    t.match(err.message, /FORMAT.*covey-raft-wal 2.*refusing/);
  }
});

t.test('a crash at any point of create leaves a directory that create or open handles', async (t) => {
  let points = 0;
  for (let crashAt = 1; ; crashAt++) {
    const fs = new MemFs();
    let image: MemFs | undefined;
    fs.onOp = () => {
      if (fs.ops === crashAt) image = fs.crashImage('clean');
    };
    const { wal } = await Wal.create('/data/raft', { fs });
    await wal.close();
    if (image === undefined) break;
    points++;
    if (await Wal.exists('/data/raft', image)) {
      const { wal: w, recovered } = await Wal.open('/data/raft', { fs: image });
      t.same(recovered.entries, [], `crash at op ${crashAt}: opens empty`);
      await w.close();
    } else {
      const { wal: w } = await Wal.create('/data/raft', { fs: image });
      await w.save(undefined, entries(1, 1, 1), true);
      await w.close();
      const { wal: w2, recovered } = await Wal.open('/data/raft', { fs: image });
      t.equal(recovered.entries.length, 1, `crash at op ${crashAt}: create again works`);
      await w2.close();
    }
  }
  t.ok(points > 5, `${points} crash points`);
});

t.test('create refuses to overwrite a log whose FORMAT file went missing', async (t) => {
  const dir = tempDir(t);
  const { wal } = await Wal.create(dir);
  await wal.save(undefined, entries(1, 3, 1), true);
  await wal.close();
  rmSync(join(dir, 'FORMAT'));
  t.equal(await Wal.exists(dir), false);
  await t.rejects(Wal.create(dir), {
    name: 'WalExistsError',
    message: /holds records but .*FORMAT is missing/,
  });
  t.equal(readdirSync(join(dir, 'wal')).length, 1, 'log untouched');
});

t.test('unsynced saves are flushed by close; use after close is refused', async (t) => {
  const dir = tempDir(t);
  const { wal } = await Wal.create(dir);
  const p = wal.save(undefined, entries(1, 5, 1), false);
  await wal.close();
  await p;
  await t.rejects(wal.save(undefined, entries(6, 6, 1), true), WalClosedError);
  await t.rejects(wal.saveSnapshot(snap(1, 1)), WalClosedError);
  await t.rejects(wal.releaseTo(1), WalClosedError);
  await wal.close();
  const { wal: w2, recovered } = await Wal.open(dir);
  t.equal(recovered.entries.length, 5);
  await w2.close();
});
