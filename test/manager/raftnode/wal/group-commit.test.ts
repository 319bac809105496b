// Group commit: coalescing, ordering, gates and failures of the queue, and one fsync for many
// concurrent Wal saves (counted through an injected file system).
import t from 'tap';
import { GroupCommit } from '../../../../manager/raftnode/wal/group-commit.ts';
import { Wal } from '../../../../manager/raftnode/wal/wal.ts';
import { MemFs } from './mem-fs.ts';
import { entries, entry } from './wal-fixtures.ts';

/** A commit function whose rounds are recorded and held until released. */
function heldCommit() {
  const rounds: number[][] = [];
  const releases: (() => void)[] = [];
  const commit = async (items: readonly number[]): Promise<(Error | undefined)[]> => {
    rounds.push([...items]);
    await new Promise<void>((resolve) => releases.push(resolve));
    return items.map((i) => (i < 0 ? new Error(`refused ${i}`) : undefined));
  };
  const release = async (): Promise<void> => {
    while (releases.length === 0) await new Promise<void>((r) => setImmediate(r));
    releases.shift()!();
  };
  return { rounds, commit, release };
}

function queue(commit: (items: readonly number[]) => Promise<(Error | undefined)[]>, maxBatchWeight = 1000) {
  return new GroupCommit<number>({
    commit,
    failure: (cause) => new Error(`failed: ${String(cause)}`),
    weight: () => 1,
    maxBatchWeight,
  });
}

t.test('requests issued while a round is in flight form the next round, in order', async (t) => {
  const h = heldCommit();
  const q = queue(h.commit);
  const done: number[] = [];
  const track = (n: number) => q.submit(n).then(() => done.push(n));
  const all = [track(1), track(2)];
  await h.release(); // round 1 = [1, 2]: issued in the same tick
  await new Promise<void>((r) => setImmediate(r));
  t.same(done, [1, 2]);
  const later = [track(3)];
  await new Promise<void>((r) => setImmediate(r));
  later.push(track(4), track(5)); // 3's round is in flight
  t.same(h.rounds, [[1, 2], [3]], 'round for 3 started alone');
  t.same(done, [1, 2], '3 not done before its round commits');
  await h.release();
  await h.release();
  await Promise.all([...all, ...later]);
  t.same(h.rounds, [[1, 2], [3], [4, 5]]);
  t.same(done, [1, 2, 3, 4, 5]);
});

t.test('a round is bounded by weight', async (t) => {
  const h = heldCommit();
  const q = queue(h.commit, 3);
  const ps = [1, 2, 3, 4, 5, 6, 7].map((n) => q.submit(n));
  for (let i = 0; i < 3; i++) await h.release();
  await Promise.all(ps);
  t.same(h.rounds, [[1, 2, 3], [4, 5, 6], [7]]);
});

t.test('per-item errors reject only that item', async (t) => {
  const h = heldCommit();
  const q = queue(h.commit);
  const ps = [q.submit(1), q.submit(-2), q.submit(3)];
  await h.release();
  await ps[0];
  await t.rejects(ps[1]!, /refused -2/);
  await ps[2];
});

t.test('a failed round fails everything pending and later', async (t) => {
  let calls = 0;
  const q = queue(async () => {
    calls++;
    throw new Error('EIO');
  });
  const a = q.submit(1);
  const b = q.submit(2);
  await t.rejects(a, /failed: Error: EIO/);
  await t.rejects(b, /failed: Error: EIO/);
  await t.rejects(q.submit(3), /failed: Error: EIO/);
  t.equal(calls, 1);
  t.match(q.failure?.message, /EIO/);
});

t.test('a gated item waits for its gate and holds back the items behind it', async (t) => {
  const h = heldCommit();
  const q = queue(h.commit);
  let openGate!: () => void;
  const gate = new Promise<void>((r) => {
    openGate = r;
  });
  const ps = [q.submit(1), q.submit(2, gate), q.submit(3)];
  await h.release();
  await ps[0];
  await new Promise<void>((r) => setImmediate(r));
  t.same(h.rounds, [[1]], '2 and 3 wait for the gate');
  openGate();
  await h.release();
  await Promise.all(ps);
  t.same(h.rounds, [[1], [2, 3]]);
});

t.test('a gate that rejects rejects its item only', async (t) => {
  const h = heldCommit();
  const q = queue(h.commit);
  const a = q.submit(1, Promise.reject(new Error('snapshot write failed')));
  const b = q.submit(2);
  await t.rejects(a, /snapshot write failed/);
  await h.release();
  await b;
  t.same(h.rounds, [[2]]);
});

t.test('Wal: many concurrent saves share one fsync', async (t) => {
  const fs = new MemFs();
  const { wal } = await Wal.create('/d', { fs });
  const before = wal.stats;
  const saves = [];
  for (let i = 1; i <= 100; i++)
    saves.push(wal.save({ term: 1, vote: '', commit: i - 1 }, [entry(i, 1)], true));
  await Promise.all(saves);
  const s = wal.stats;
  t.equal(s.requests - before.requests, 100);
  t.equal(s.fsyncs - before.fsyncs, 1, '100 saves, one fsync');
  t.equal(s.batches - before.batches, 1, 'one write');
  await wal.close();
  const { recovered } = await Wal.open('/d', { fs });
  t.equal(recovered.entries.length, 100);
  t.same(recovered.hardState, { term: 1, vote: '', commit: 99 });
});

t.test('Wal: a save issued while an fsync is in flight waits for the next one', async (t) => {
  const fs = new MemFs();
  const { wal } = await Wal.create('/d', { fs });
  const syncsBefore = fs.datasyncs;
  const held: (() => void)[] = [];
  fs.datasyncGate = () => new Promise<void>((r) => held.push(r));
  const resolved: string[] = [];
  const a = wal.save(undefined, entries(1, 2, 1), true).then(() => resolved.push('a'));
  while (held.length === 0) await new Promise<void>((r) => setImmediate(r));
  const b = wal.save(undefined, entries(3, 3, 1), true).then(() => resolved.push('b'));
  const c = wal.save(undefined, entries(4, 4, 1), true).then(() => resolved.push('c'));
  await new Promise<void>((r) => setImmediate(r));
  t.same(resolved, [], 'nothing resolves while the fsync is in flight');
  t.equal(held.length, 1, 'b and c do not start a second fsync yet');
  held.shift()!();
  await a;
  t.same(resolved, ['a']);
  while (held.length === 0) await new Promise<void>((r) => setImmediate(r));
  t.same(resolved, ['a'], 'b and c wait for their own fsync');
  held.shift()!();
  await Promise.all([b, c]);
  t.same(resolved, ['a', 'b', 'c']);
  t.equal(fs.datasyncs - syncsBefore, 2, 'two rounds, two fsyncs');
  fs.datasyncGate = undefined;
  await wal.close();
});

t.test('Wal: mustSync=false writes without fsync; a later synced save covers it', async (t) => {
  const fs = new MemFs();
  const { wal } = await Wal.create('/d', { fs });
  const f0 = wal.stats.fsyncs;
  await wal.save({ term: 1, vote: '', commit: 0 }, [], false);
  await wal.save(undefined, entries(1, 1, 1), false);
  t.equal(wal.stats.fsyncs, f0);
  const lost = await Wal.open('/d', { fs: fs.crashImage('clean') });
  t.same(lost.recovered.entries, [], 'unsynced writes are not yet durable');
  await wal.save(undefined, entries(2, 2, 1), true);
  t.equal(wal.stats.fsyncs, f0 + 1);
  const { recovered } = await Wal.open('/d', { fs: fs.crashImage('clean') });
  t.equal(recovered.entries.length, 2, 'the fsync made the earlier unsynced writes durable too');
  await wal.close();
});

t.test('Wal: a failed fsync fails the WAL; nothing later is acknowledged', async (t) => {
  const fs = new MemFs();
  const { wal } = await Wal.create('/d', { fs });
  await wal.save(undefined, entries(1, 1, 1), true);
  fs.datasyncGate = async () => {
    throw Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' });
  };
  const a = wal.save(undefined, entries(2, 2, 1), true);
  const b = wal.save(undefined, entries(3, 3, 1), true);
  await t.rejects(a, { name: 'WalFailedError', message: /restart required: EIO/ });
  await t.rejects(b, { name: 'WalFailedError' });
  fs.datasyncGate = undefined;
  await t.rejects(wal.save(undefined, entries(4, 4, 1), true), { name: 'WalFailedError' });
  await wal.close();
});
