// Unstable: the not-yet-persisted tail of the log and a not-yet-persisted snapshot.
import t from 'tap';
import { Unstable } from '../../raft/log-unstable.ts';
import type { Snapshot } from '../../raft/types.ts';
import { entriesWithTerms } from './bare-raft.ts';

const snap = (index: number, term: number): Snapshot => ({
  meta: { index, term, confState: { voters: ['a'], learners: [] } },
  data: new Uint8Array(0),
});

function unstable(offset: number, terms: number[], s?: Snapshot): Unstable {
  const u = new Unstable(offset);
  u.entries = entriesWithTerms(terms, offset);
  u.snapshot = s;
  return u;
}

t.test('first and last index come from the snapshot and the entries', async (t) => {
  t.equal(unstable(5, [1]).maybeFirstIndex(), undefined, 'no snapshot: storage knows');
  t.equal(unstable(5, [1], snap(4, 1)).maybeFirstIndex(), 5);
  t.equal(unstable(5, [1, 1]).maybeLastIndex(), 6);
  t.equal(unstable(5, [], snap(4, 1)).maybeLastIndex(), 4);
  t.equal(unstable(5, []).maybeLastIndex(), undefined);
});

t.test('maybeTerm covers the entries and the snapshot index only', async (t) => {
  const cases: { u: Unstable; i: number; want: number | undefined }[] = [
    { u: unstable(5, [1]), i: 5, want: 1 },
    { u: unstable(5, [1]), i: 6, want: undefined },
    { u: unstable(5, [1]), i: 4, want: undefined },
    { u: unstable(5, [1], snap(4, 1)), i: 4, want: 1 },
    { u: unstable(5, [2], snap(4, 1)), i: 5, want: 2 },
    { u: unstable(5, [1], snap(4, 1)), i: 3, want: undefined },
    { u: unstable(5, [], snap(4, 7)), i: 4, want: 7 },
    { u: unstable(5, [], snap(4, 7)), i: 5, want: undefined },
  ];
  for (const [n, c] of cases.entries()) t.equal(c.u.maybeTerm(c.i), c.want, `case ${n}`);
});

t.test('stableTo drops a persisted prefix unless the entry changed meanwhile', async (t) => {
  const u = unstable(5, [1, 1, 2]);
  t.notOk(u.stableTo(4, 1), 'before the tail');
  t.notOk(u.stableTo(8, 2), 'past the tail');
  t.notOk(u.stableTo(6, 2), 'term differs: the entry was overwritten after the Ready');
  t.ok(u.stableTo(6, 1));
  t.equal(u.offset, 7);
  t.same(
    u.entries.map((e) => e.index),
    [7],
  );
  t.ok(u.stableTo(7, 2));
  t.equal(u.offset, 8);
  t.same(u.entries, []);
  const withSnap = unstable(5, [1], snap(4, 1));
  t.notOk(withSnap.stableTo(4, 1), 'the snapshot index is not an entry');
});

t.test('truncateAndAppend appends, replaces all, or truncates in the middle', async (t) => {
  const cases: {
    offset: number;
    terms: number[];
    add: [number, number[]];
    wantOffset: number;
    want: number[];
  }[] = [
    // directly after
    { offset: 5, terms: [1], add: [6, [1, 1]], wantOffset: 5, want: [1, 1, 1] },
    // replace everything (at the offset)
    { offset: 5, terms: [1], add: [5, [2, 2]], wantOffset: 5, want: [2, 2] },
    // replace everything and part of the stable log (before the offset)
    { offset: 5, terms: [1], add: [4, [2, 2, 2]], wantOffset: 4, want: [2, 2, 2] },
    // truncate in the middle
    { offset: 5, terms: [1, 1, 1], add: [6, [2]], wantOffset: 5, want: [1, 2] },
    { offset: 5, terms: [1, 1, 1], add: [7, [2, 2]], wantOffset: 5, want: [1, 1, 2, 2] },
  ];
  for (const [n, c] of cases.entries()) {
    const u = unstable(c.offset, c.terms);
    u.truncateAndAppend(entriesWithTerms(c.add[1], c.add[0]));
    t.equal(u.offset, c.wantOffset, `case ${n}: offset`);
    t.same(
      u.entries.map((e) => e.term),
      c.want,
      `case ${n}: terms`,
    );
    t.same(
      u.entries.map((e) => e.index),
      c.want.map((_, i) => c.wantOffset + i),
      `case ${n}: contiguous`,
    );
  }
  const u = unstable(5, [1]);
  u.truncateAndAppend([]);
  t.equal(u.entries.length, 1, 'nothing to append');
});

t.test('restore and stableSnapTo', async (t) => {
  const u = unstable(5, [1, 1]);
  u.restore(snap(9, 3));
  t.equal(u.offset, 10);
  t.same(u.entries, []);
  t.equal(u.snapshot?.meta.index, 9);
  u.stableSnapTo(8);
  t.ok(u.snapshot, 'another index: kept');
  u.stableSnapTo(9);
  t.equal(u.snapshot, undefined);
});

t.test('slice is by log index', async (t) => {
  const u = unstable(5, [1, 2, 3]);
  t.same(
    u.slice(6, 8).map((e) => e.index),
    [6, 7],
  );
  t.same(u.slice(5, 5), []);
});
