// RaftLog: the log rules of sections 5.3 and 5.4 over stable storage plus an unstable tail.
import t from 'tap';
import { CompactedError, UnavailableError } from '../../raft/errors.ts';
import { RaftLog } from '../../raft/log.ts';
import { MemoryStorage } from '../../raft/memory-storage.ts';
import { type Entry, EntryType, entrySize } from '../../raft/types.ts';
import { entriesWithTerms } from './bare-raft.ts';

const NO_LIMIT = Number.MAX_SAFE_INTEGER;

/** A log whose storage holds `stable` (terms from index 1) and whose unstable tail holds `unstable`. */
function logOf(
  stable: number[],
  unstable: number[] = [],
  snapshot?: { index: number; term: number },
): RaftLog {
  const s = snapshot
    ? new MemoryStorage({
        meta: { index: snapshot.index, term: snapshot.term, confState: { voters: ['a'], learners: [] } },
        data: new Uint8Array(0),
      })
    : new MemoryStorage();
  const start = (snapshot?.index ?? 0) + 1;
  s.append(entriesWithTerms(stable, start));
  const log = new RaftLog(s, NO_LIMIT);
  if (unstable.length > 0) log.append(entriesWithTerms(unstable, start + stable.length));
  return log;
}

const ix = (es: readonly Entry[]): number[] => es.map((e) => e.index);
const terms = (log: RaftLog): number[] => {
  const out: number[] = [];
  for (let i = log.firstIndex(); i <= log.lastIndex(); i++) out.push(log.term(i));
  return out;
};

t.test('maybeAppend: consistency check, conflict deletion and commit', async (t) => {
  // Reference: section 5.3, Figure 2 AppendEntries receiver rules 2–5.
  const cases: {
    index: number;
    logTerm: number;
    commit: number;
    ents: number[];
    lastNew: number | undefined;
    wantCommit: number;
    wantTerms: number[];
  }[] = [
    // previous entry does not match
    { index: 3, logTerm: 2, commit: 3, ents: [4], lastNew: undefined, wantCommit: 1, wantTerms: [1, 2, 3] },
    { index: 4, logTerm: 4, commit: 3, ents: [4], lastNew: undefined, wantCommit: 1, wantTerms: [1, 2, 3] },
    // matches at the end
    { index: 3, logTerm: 3, commit: 3, ents: [], lastNew: 3, wantCommit: 3, wantTerms: [1, 2, 3] },
    { index: 3, logTerm: 3, commit: 4, ents: [], lastNew: 3, wantCommit: 3, wantTerms: [1, 2, 3] },
    { index: 3, logTerm: 3, commit: 2, ents: [], lastNew: 3, wantCommit: 2, wantTerms: [1, 2, 3] },
    { index: 3, logTerm: 3, commit: 0, ents: [], lastNew: 3, wantCommit: 1, wantTerms: [1, 2, 3] },
    { index: 0, logTerm: 0, commit: 3, ents: [], lastNew: 0, wantCommit: 1, wantTerms: [1, 2, 3] },
    { index: 3, logTerm: 3, commit: 3, ents: [4], lastNew: 4, wantCommit: 3, wantTerms: [1, 2, 3, 4] },
    { index: 3, logTerm: 3, commit: 4, ents: [4], lastNew: 4, wantCommit: 4, wantTerms: [1, 2, 3, 4] },
    { index: 3, logTerm: 3, commit: 4, ents: [4, 4], lastNew: 5, wantCommit: 4, wantTerms: [1, 2, 3, 4, 4] },
    // matches in the middle: entries already present are kept, conflicts replace the suffix
    { index: 1, logTerm: 1, commit: 4, ents: [2], lastNew: 2, wantCommit: 2, wantTerms: [1, 2, 3] },
    { index: 2, logTerm: 2, commit: 3, ents: [4], lastNew: 3, wantCommit: 3, wantTerms: [1, 2, 4] },
    { index: 1, logTerm: 1, commit: 2, ents: [4, 4], lastNew: 3, wantCommit: 2, wantTerms: [1, 4, 4] },
  ];
  for (const c of cases) {
    const log = logOf([1, 2, 3]);
    log.commitTo(1);
    const ents = entriesWithTerms(c.ents, c.index + 1);
    const label = `after (${c.index}, t${c.logTerm}) append [${c.ents}] commit ${c.commit}`;
    t.equal(log.maybeAppend(c.index, c.logTerm, c.commit, ents), c.lastNew, label);
    t.equal(log.committed, c.wantCommit, `${label}: commit`);
    t.same(terms(log), c.wantTerms, `${label}: log`);
  }
  const log = logOf([1, 2, 3]);
  log.commitTo(2);
  t.throws(
    () => log.maybeAppend(1, 1, 3, entriesWithTerms([4, 4], 2)),
    /conflicts with committed/,
    'a conflict at or below the commit index is an invariant violation',
  );
});

t.test('findConflict: the first index whose term differs, or that is missing', async (t) => {
  // Reference: section 5.3 (Figure 2, receiver rule 3).
  type WithFindConflict = { findConflict(ents: readonly Entry[]): number };
  const cases: { ents: [number, number][]; want: number }[] = [
    { ents: [], want: 0 },
    {
      ents: [
        [1, 1],
        [2, 2],
        [3, 3],
      ],
      want: 0,
    },
    {
      ents: [
        [2, 2],
        [3, 3],
      ],
      want: 0,
    },
    { ents: [[3, 3]], want: 0 },
    {
      ents: [
        [1, 1],
        [2, 2],
        [3, 3],
        [4, 4],
        [5, 4],
      ],
      want: 4,
    },
    {
      ents: [
        [3, 3],
        [4, 4],
        [5, 4],
      ],
      want: 4,
    },
    {
      ents: [
        [4, 4],
        [5, 4],
      ],
      want: 4,
    },
    {
      ents: [
        [1, 4],
        [2, 4],
      ],
      want: 1,
    },
    {
      ents: [
        [2, 1],
        [3, 4],
        [4, 4],
      ],
      want: 2,
    },
    {
      ents: [
        [3, 1],
        [4, 2],
        [5, 4],
        [6, 4],
      ],
      want: 3,
    },
  ];
  for (const c of cases) {
    const log = logOf([1, 2, 3]) as unknown as WithFindConflict;
    const ents = c.ents.map(([index, term]) => ({
      index,
      term,
      type: EntryType.Normal,
      data: new Uint8Array(0),
    }));
    t.equal(log.findConflict(ents), c.want, JSON.stringify(c.ents));
  }
});

t.test('findConflictByTerm: the last index at or below i with a term at or below t', async (t) => {
  // Reference: section 5.3, last paragraphs (fast back-off).
  const log = logOf([1, 1, 2, 2, 5, 5]);
  const cases: { index: number; term: number; want: [number, number] }[] = [
    { index: 6, term: 5, want: [6, 5] },
    { index: 6, term: 4, want: [4, 2] },
    { index: 6, term: 2, want: [4, 2] },
    { index: 6, term: 1, want: [2, 1] },
    { index: 6, term: 0, want: [0, 0] },
    { index: 3, term: 1, want: [2, 1] },
    { index: 1, term: 5, want: [1, 1] },
    { index: 0, term: 5, want: [0, 0] },
    { index: 10, term: 3, want: [10, 0] }, // beyond the log: no term known
  ];
  for (const c of cases) t.same(log.findConflictByTerm(c.index, c.term), c.want, `(${c.index}, t${c.term})`);

  const compacted = logOf([2, 2, 5, 5], [], { index: 2, term: 1 }); // entries 3..6
  t.same(compacted.findConflictByTerm(6, 1), [2, 1], 'the snapshot term counts');
  t.same(compacted.findConflictByTerm(6, 0), [1, 0], 'below the snapshot: unknown');
});

t.test('isUpToDate compares last term, then length', async (t) => {
  // Reference: section 5.4.1.
  const log = logOf([1, 2, 3]);
  const cases: [number, number, boolean][] = [
    [2, 2, false],
    [3, 2, false],
    [4, 2, false],
    [2, 3, false],
    [3, 3, true],
    [4, 3, true],
    [1, 4, true],
    [10, 4, true],
  ];
  for (const [i, term, want] of cases) t.equal(log.isUpToDate(i, term), want, `(${i}, t${term})`);
});

t.test('term() knows stable, unstable and snapshot entries and refuses the rest', async (t) => {
  const log = logOf([2, 2, 3], [4], { index: 3, term: 1 }); // entries 4..6 stable, 7 unstable
  t.equal(log.firstIndex(), 4);
  t.equal(log.lastIndex(), 7);
  t.equal(log.term(3), 1, 'the snapshot index');
  t.equal(log.term(5), 2);
  t.equal(log.term(7), 4);
  t.throws(() => log.term(2), CompactedError);
  t.throws(() => log.term(8), UnavailableError);
  t.equal(log.termOrUndefined(2), undefined);
  t.equal(log.termOrUndefined(8), undefined);
  t.ok(log.matchTerm(6, 3));
  t.notOk(log.matchTerm(6, 2));
  t.equal(log.lastTerm(), 4);
});

t.test('slice spans stable and unstable entries within the size budget', async (t) => {
  const log = logOf([1, 1, 1, 1, 1], [2, 2, 2]); // 1..5 stable, 6..8 unstable
  const size = entrySize(log.slice(1, 2, NO_LIMIT)[0]!);
  t.equal(log.lastStableIndex(), 5);
  t.same(ix(log.slice(3, 8, NO_LIMIT)), [3, 4, 5, 6, 7], 'across the boundary');
  t.same(ix(log.slice(6, 9, NO_LIMIT)), [6, 7, 8], 'unstable only');
  t.same(ix(log.slice(2, 4, NO_LIMIT)), [2, 3], 'stable only');
  t.same(ix(log.slice(1, 9, 3 * size)), [1, 2, 3], 'limited inside the stable part');
  t.same(ix(log.slice(4, 9, 3 * size)), [4, 5, 6], 'limited inside the unstable part');
  t.same(ix(log.slice(4, 9, 3 * size + 1)), [4, 5, 6]);
  t.same(ix(log.slice(4, 9, 0)), [4], 'at least one entry');
  t.same(ix(log.slice(7, 9, 0)), [7]);
  t.same(log.slice(5, 5, NO_LIMIT), [], 'empty range');
  t.same(ix(log.entries(6, NO_LIMIT)), [6, 7, 8]);
  t.same(log.entries(9, NO_LIMIT), [], 'nothing past the end');
  t.throws(() => log.slice(4, 10, NO_LIMIT), UnavailableError);
  const compacted = logOf([1, 1], [2], { index: 3, term: 1 });
  t.throws(() => compacted.slice(3, 5, NO_LIMIT), CompactedError);
  t.same(ix(compacted.slice(4, 7, NO_LIMIT)), [4, 5, 6]);
});

t.test('commitTo never moves backwards nor past the log', async (t) => {
  // Reference: Figure 2 (commitIndex increases monotonically, bounded by the log).
  const log = logOf([1, 1, 1]);
  log.commitTo(2);
  t.equal(log.committed, 2);
  log.commitTo(1);
  t.equal(log.committed, 2, 'a lower commit is ignored');
  log.commitTo(3);
  t.equal(log.committed, 3);
  t.throws(() => log.commitTo(4), /past the last index/);
});

t.test('appliedTo stays within [applied, committed]', async (t) => {
  const log = logOf([1, 1, 1]);
  log.commitTo(2);
  log.appliedTo(1);
  t.equal(log.applied, 1);
  t.throws(() => log.appliedTo(3), /applied 3 outside/);
  log.appliedTo(2);
  t.throws(() => log.appliedTo(1), /applied 1 outside/);
  log.appliedTo(0);
  t.equal(log.applied, 2, '0 means nothing applied in this round');
});

t.test('maybeCommit commits only entries of the given term', async (t) => {
  // Reference: section 5.4.2.
  const log = logOf([1, 1, 2, 2]);
  t.notOk(log.maybeCommit(2, 2), 'entry 2 is of term 1');
  t.equal(log.committed, 0);
  t.ok(log.maybeCommit(3, 2));
  t.equal(log.committed, 3);
  t.notOk(log.maybeCommit(3, 2), 'already committed');
  t.notOk(log.maybeCommit(2, 1), 'never backwards');
});

t.test('committed entries are handed out from applied+1, within the budget', async (t) => {
  const s = new MemoryStorage();
  s.append(entriesWithTerms([1, 1, 1, 1, 1]));
  const size = entrySize(entriesWithTerms([1])[0]!);
  const log = new RaftLog(s, 2 * size);
  t.notOk(log.hasNextCommittedEnts());
  log.commitTo(5);
  t.ok(log.hasNextCommittedEnts());
  t.same(ix(log.nextCommittedEnts()), [1, 2], 'bounded');
  log.appliedTo(2);
  t.same(ix(log.nextCommittedEnts()), [3, 4]);
  log.appliedTo(4);
  t.same(ix(log.nextCommittedEnts()), [5]);
  log.appliedTo(5);
  t.notOk(log.hasNextCommittedEnts());
  t.same(log.nextCommittedEnts(), []);
});

t.test('restore replaces the log with a snapshot', async (t) => {
  // Reference: section 7.
  const log = logOf([1, 1, 1], [1]);
  log.restore({
    meta: { index: 10, term: 3, confState: { voters: ['a'], learners: [] } },
    data: new Uint8Array(0),
  });
  t.equal(log.committed, 10);
  t.equal(log.firstIndex(), 11);
  t.equal(log.lastIndex(), 10);
  t.equal(log.term(10), 3);
  t.same(log.unstableEntries(), []);
  t.notOk(log.hasNextCommittedEnts(), 'the snapshot is applied first, not entries');
  t.same(log.snapshot().meta.index, 10, 'the pending snapshot is the one to send');
});

t.test('stableTo acknowledges only entries still in the unstable tail with their term', async (t) => {
  const log = logOf([1], [1, 1]); // 1 stable, 2..3 unstable
  t.notOk(log.stableTo(2, 5), 'term mismatch: overwritten meanwhile');
  t.equal(log.lastStableIndex(), 1);
  t.ok(log.stableTo(2, 1));
  t.equal(log.lastStableIndex(), 2);
  t.same(ix(log.unstableEntries()), [3]);
  t.notOk(log.stableTo(1, 1), 'already stable');
});

t.test('append below the commit index is refused', async (t) => {
  const log = logOf([1, 1, 1]);
  log.commitTo(2);
  t.throws(() => log.append(entriesWithTerms([2], 2)), /below committed/);
  t.equal(log.append([]), 3, 'nothing to append: last index');
  t.equal(log.append(entriesWithTerms([2], 3)), 3, 'replacing the uncommitted tail is fine');
  t.equal(log.term(3), 2);
});
