// MemoryStorage: the Storage contract (entries, term, bounds) plus compaction, snapshots and append.
import t from 'tap';
import { CompactedError, SnapshotOutOfDateError, UnavailableError } from '../../raft/errors.ts';
import { MemoryStorage } from '../../raft/memory-storage.ts';
import { EntryType, entrySize } from '../../raft/types.ts';
import { entriesWithTerms } from './bare-raft.ts';

const cs = { voters: ['a', 'b'], learners: [] };

/** Entries 3..5 with terms 3, 4, 5 after a snapshot at (2, 2)... as etcd's storage tests. */
function storage35(): MemoryStorage {
  const s = new MemoryStorage();
  s.append(entriesWithTerms([1, 2, 3, 4, 5]));
  s.createSnapshot(2, cs, new Uint8Array([2]));
  s.compact(2);
  return s;
}

t.test('bounds and terms', async (t) => {
  const s = storage35();
  t.equal(s.firstIndex(), 3);
  t.equal(s.lastIndex(), 5);
  t.equal(s.term(2), 2, 'the snapshot index answers with its term');
  t.equal(s.term(4), 4);
  t.throws(() => s.term(1), CompactedError);
  t.throws(() => s.term(6), UnavailableError);
  const empty = new MemoryStorage();
  t.equal(empty.firstIndex(), 1);
  t.equal(empty.lastIndex(), 0);
  t.equal(empty.term(0), 0);
});

t.test('entries honours [lo, hi) and maxBytes, returning at least one', async (t) => {
  const s = storage35();
  const size = entrySize(entriesWithTerms([3], 3)[0]!);
  const idx = (lo: number, hi: number, max: number): number[] => s.entries(lo, hi, max).map((e) => e.index);
  t.throws(() => s.entries(2, 4, 1 << 20), CompactedError);
  t.throws(() => s.entries(3, 7, 1 << 20), UnavailableError);
  t.same(idx(3, 4, 1 << 20), [3]);
  t.same(idx(3, 6, 1 << 20), [3, 4, 5]);
  t.same(idx(3, 6, 0), [3], 'at least one');
  t.same(idx(3, 6, size), [3]);
  t.same(idx(3, 6, 2 * size), [3, 4]);
  t.same(idx(3, 6, 2 * size + 1), [3, 4]);
  t.same(idx(3, 6, 3 * size), [3, 4, 5]);
  t.same(idx(4, 4, 0), [], 'empty range');
});

t.test('compact drops entries up to an index, keeping its term', async (t) => {
  const cases: { at: number; first: number; len: number; err?: RegExp }[] = [
    { at: 2, first: 3, len: 3 }, // at or below the current compaction: no-op
    { at: 3, first: 4, len: 2 },
    { at: 4, first: 5, len: 1 },
    { at: 5, first: 6, len: 0 },
  ];
  for (const c of cases) {
    const s = storage35();
    s.compact(c.at);
    t.equal(s.firstIndex(), c.first, `compact(${c.at}): first index`);
    t.equal(s.lastIndex() - s.firstIndex() + 1, c.len);
    t.equal(s.term(c.first - 1), c.first - 1, 'the new dummy keeps the term');
  }
  t.throws(() => storage35().compact(6), UnavailableError);
});

t.test('createSnapshot records state at an index without dropping entries', async (t) => {
  const s = storage35();
  const snap = s.createSnapshot(4, cs, new Uint8Array([4, 4]));
  t.same(snap.meta, { index: 4, term: 4, confState: cs });
  t.equal(s.snapshot(), snap);
  t.equal(s.firstIndex(), 3, 'entries kept until compact');
  t.throws(() => s.createSnapshot(4, cs, new Uint8Array(0)), SnapshotOutOfDateError);
  t.throws(() => s.createSnapshot(3, cs, new Uint8Array(0)), SnapshotOutOfDateError);
  t.throws(() => s.createSnapshot(6, cs, new Uint8Array(0)), UnavailableError);
  t.same(s.initialState().confState, cs, 'the snapshot membership is the initial one');
});

t.test('applySnapshot replaces the log; an older snapshot is refused', async (t) => {
  const s = storage35();
  s.applySnapshot({ meta: { index: 10, term: 7, confState: cs }, data: new Uint8Array([1]) });
  t.equal(s.firstIndex(), 11);
  t.equal(s.lastIndex(), 10);
  t.equal(s.term(10), 7);
  t.throws(() => s.entries(5, 6, 100), CompactedError);
  t.throws(
    () => s.applySnapshot({ meta: { index: 9, term: 7, confState: cs }, data: new Uint8Array(0) }),
    SnapshotOutOfDateError,
  );
  s.append(entriesWithTerms([7, 8], 11));
  t.equal(s.lastIndex(), 12);
});

t.test('append: overlaps are replaced, compacted prefixes skipped, gaps refused', async (t) => {
  // etcd-io/raft TestStorageAppend, with entries 3..5 (terms 3, 4, 5) after a snapshot at 2.
  const cases: { add: [number, number[]]; want?: [number, number][]; err?: boolean }[] = [
    {
      add: [3, [3, 4, 5]],
      want: [
        [3, 3],
        [4, 4],
        [5, 5],
      ],
    },
    {
      add: [3, [3, 6, 6]],
      want: [
        [3, 3],
        [4, 6],
        [5, 6],
      ],
    },
    {
      add: [3, [3, 4, 5, 5]],
      want: [
        [3, 3],
        [4, 4],
        [5, 5],
        [6, 5],
      ],
    },
    // entries from before the snapshot are skipped
    {
      add: [1, [1, 2, 3, 4, 5]],
      want: [
        [3, 3],
        [4, 4],
        [5, 5],
      ],
    },
    {
      add: [2, [3, 3, 5]],
      want: [
        [3, 3],
        [4, 5],
      ],
    },
    // a suffix replaces the tail
    {
      add: [4, [5]],
      want: [
        [3, 3],
        [4, 5],
      ],
    },
    {
      add: [6, [5]],
      want: [
        [3, 3],
        [4, 4],
        [5, 5],
        [6, 5],
      ],
    },
    // entirely compacted: ignored
    {
      add: [1, [1, 2]],
      want: [
        [3, 3],
        [4, 4],
        [5, 5],
      ],
    },
    // a gap is refused
    { add: [7, [5]], err: true },
  ];
  for (const c of cases) {
    const s = storage35();
    const ents = entriesWithTerms(c.add[1], c.add[0]);
    if (c.err) {
      t.throws(() => s.append(ents), UnavailableError, `append at ${c.add[0]}: gap`);
      continue;
    }
    s.append(ents);
    const got = s.entries(s.firstIndex(), s.lastIndex() + 1, 1 << 20).map((e) => [e.index, e.term]);
    t.same(got, c.want, `append ${c.add[1]} at ${c.add[0]}`);
  }
});

t.test('hard state round-trips; bootstrap writes the founders as committed conf changes', async (t) => {
  const s = new MemoryStorage();
  t.same(s.initialState().hardState, { term: 0, vote: '', commit: 0 });
  s.setHardState({ term: 3, vote: 'b', commit: 2 });
  t.same(s.initialState().hardState, { term: 3, vote: 'b', commit: 2 });

  const b = MemoryStorage.bootstrap(['a', 'b', 'c']);
  t.same(b.initialState().hardState, { term: 1, vote: '', commit: 3 });
  t.same(b.initialState().confState, { voters: [], learners: [] }, 'membership comes from applying the log');
  const ents = b.entries(1, 4, 1 << 20);
  t.same(
    ents.map((e) => [e.index, e.term, e.type]),
    [
      [1, 1, EntryType.ConfChange],
      [2, 1, EntryType.ConfChange],
      [3, 1, EntryType.ConfChange],
    ],
  );
});
