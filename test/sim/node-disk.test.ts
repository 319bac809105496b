// Tests of the simulated disk: what a crash keeps (synced writes) and loses (the page cache), log
// truncation on conflicting appends, local snapshots with trailing entries, and the restart image.
import t from 'tap';
import { type Entry, EntryType, type HardState, type Snapshot } from '../../raft/types.ts';
import { type DiskListener, NodeDisk } from './node-disk.ts';

function ent(index: number, term: number): Entry {
  return { index, term, type: EntryType.Normal, data: new Uint8Array([index, term]) };
}

function recorder() {
  const events: string[] = [];
  const listener: DiskListener = {
    onDurableHardState: (hs: HardState) => events.push(`hs ${hs.term}/${hs.vote}/${hs.commit}`),
    onDurableSnapshot: (s: Snapshot) => events.push(`snap ${s.meta.index}`),
    onDurableEntries: (prev, es, replaced) =>
      events.push(
        `ents prev=${prev} ${es.map((e) => `${e.index}/${e.term}`).join(',')} replaced=${replaced.length}`,
      ),
  };
  return { events, listener };
}

t.test('unsynced writes are lost on crash; synced ones survive', (t) => {
  const d = new NodeDisk();
  const { events, listener } = recorder();
  d.write({
    hardState: { term: 1, vote: 'a', commit: 0 },
    entries: [ent(1, 1), ent(2, 1)],
    snapshot: undefined,
  });
  d.sync(listener);
  d.write({ hardState: { term: 2, vote: 'b', commit: 2 }, entries: [ent(3, 2)], snapshot: undefined });
  t.ok(d.hasUnsynced);
  d.crash();
  t.notOk(d.hasUnsynced);
  t.same(d.durableHardState, { term: 1, vote: 'a', commit: 0 });
  t.equal(d.lastIndex(), 2);
  t.same(events, ['ents prev=0 1/1,2/1 replaced=0', 'hs 1/a/0']);
  const s = d.load();
  t.equal(s.lastIndex(), 2);
  t.same(s.initialState().hardState, { term: 1, vote: 'a', commit: 0 });
  t.end();
});

t.test('a conflicting append truncates the suffix and reports what it replaced', (t) => {
  const d = new NodeDisk();
  const { events, listener } = recorder();
  d.write({ hardState: undefined, entries: [ent(1, 1), ent(2, 1), ent(3, 1)], snapshot: undefined });
  d.write({ hardState: undefined, entries: [ent(2, 2)], snapshot: undefined });
  d.sync(listener);
  t.equal(d.lastIndex(), 2);
  t.equal(d.term(2), 2);
  t.equal(d.entry(3), undefined);
  t.same(events[1], 'ents prev=1 2/2 replaced=2');
  t.throws(() => {
    d.write({ hardState: undefined, entries: [ent(5, 2)], snapshot: undefined });
    d.sync(listener);
  }, /log ends at 2/);
  t.end();
});

t.test('a local snapshot compacts but keeps trailing entries; a restart reloads after the snapshot', (t) => {
  const d = new NodeDisk();
  const { listener } = recorder();
  d.write({
    hardState: { term: 1, vote: '', commit: 6 },
    entries: [1, 2, 3, 4, 5, 6].map((i) => ent(i, 1)),
    snapshot: undefined,
  });
  d.sync(listener);
  const snap: Snapshot = {
    meta: { index: 5, term: 1, confState: { voters: ['a'], learners: [] } },
    data: new Uint8Array([9]),
  };
  d.saveLocalSnapshot(snap, 3, listener);
  t.equal(d.firstIndex(), 4, 'entries 4 and 5 stay for followers slightly behind');
  t.equal(d.term(5), 1);
  t.equal(d.entry(3), undefined);
  const s = d.load();
  t.equal(s.snapshot().meta.index, 5);
  t.equal(s.firstIndex(), 6);
  t.equal(s.lastIndex(), 6);
  t.throws(() => d.saveLocalSnapshot(snap, 3, listener), /not newer/);
  t.end();
});

t.test('a snapshot from the leader replaces the log', (t) => {
  const d = new NodeDisk();
  const { events, listener } = recorder();
  d.write({ hardState: undefined, entries: [ent(1, 1), ent(2, 1)], snapshot: undefined });
  const snap: Snapshot = {
    meta: { index: 10, term: 3, confState: { voters: ['a'], learners: [] } },
    data: new Uint8Array(),
  };
  d.write({ hardState: { term: 3, vote: '', commit: 10 }, entries: [], snapshot: snap });
  d.write({ hardState: undefined, entries: [ent(11, 3)], snapshot: undefined });
  d.sync(listener);
  t.equal(d.firstIndex(), 11);
  t.equal(d.lastIndex(), 11);
  t.equal(d.term(10), 3);
  t.same(events.slice(1), ['snap 10', 'hs 3//10', 'ents prev=3 11/3 replaced=0']);
  t.end();
});

t.test('the injected lying fsync loses appended entries past the durable commit', (t) => {
  const d = new NodeDisk();
  const { listener } = recorder();
  d.write({
    hardState: { term: 1, vote: '', commit: 2 },
    entries: [1, 2, 3, 4].map((i) => ent(i, 1)),
    snapshot: undefined,
  });
  d.sync(listener);
  d.crash(true);
  t.equal(d.lastIndex(), 2);
  t.end();
});
