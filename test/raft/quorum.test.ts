// Majority arithmetic: commit index and election outcome (sections 5.2 and 5.3).
import t from 'tap';
import { committedIndex, majority, VoteResult, voteResult } from '../../raft/quorum.ts';

t.test('majority of n', async (t) => {
  t.same([1, 2, 3, 4, 5, 6, 7].map(majority), [1, 2, 2, 3, 3, 4, 4]);
});

t.test('the commit index is the highest index a majority has matched', async (t) => {
  // Reference: section 5.3.
  const cases: { matches: number[]; want: number }[] = [
    { matches: [], want: 0 },
    { matches: [5], want: 5 },
    { matches: [5, 3], want: 3 },
    { matches: [5, 3, 1], want: 3 },
    { matches: [1, 3, 5], want: 3 },
    { matches: [5, 5, 1], want: 5 },
    { matches: [2, 2, 2, 9], want: 2 },
    { matches: [9, 9, 2, 2], want: 2 },
    { matches: [9, 9, 9, 2], want: 9 },
    { matches: [1, 2, 3, 4, 5], want: 3 },
    { matches: [0, 0, 7, 7, 7], want: 7 },
    { matches: [0, 0, 0, 7, 7], want: 0 },
  ];
  for (const c of cases) {
    const ids = c.matches.map((_, i) => `n${i}`);
    const voters = new Set(ids);
    const got = committedIndex(voters, (id) => c.matches[ids.indexOf(id)] ?? 0);
    t.equal(got, c.want, `[${c.matches}]`);
  }
  t.equal(
    committedIndex(new Set(['a', 'b', 'c']), (id) => (id === 'a' ? 4 : 0)),
    0,
    'a member with no progress counts as 0',
  );
});

t.test('vote results: won, lost, or still pending', async (t) => {
  // Reference: section 5.2.
  const cases: { n: number; yes: number; no: number; want: VoteResult }[] = [
    { n: 1, yes: 1, no: 0, want: VoteResult.Won },
    { n: 1, yes: 0, no: 0, want: VoteResult.Pending },
    { n: 1, yes: 0, no: 1, want: VoteResult.Lost },
    { n: 3, yes: 2, no: 0, want: VoteResult.Won },
    { n: 3, yes: 1, no: 0, want: VoteResult.Pending },
    { n: 3, yes: 1, no: 1, want: VoteResult.Pending },
    { n: 3, yes: 1, no: 2, want: VoteResult.Lost },
    { n: 4, yes: 2, no: 2, want: VoteResult.Lost },
    { n: 4, yes: 2, no: 1, want: VoteResult.Pending },
    { n: 4, yes: 3, no: 1, want: VoteResult.Won },
    { n: 5, yes: 3, no: 2, want: VoteResult.Won },
    { n: 5, yes: 2, no: 3, want: VoteResult.Lost },
    { n: 5, yes: 2, no: 2, want: VoteResult.Pending },
  ];
  for (const c of cases) {
    const ids = Array.from({ length: c.n }, (_, i) => `n${i}`);
    const votes = new Map<string, boolean>();
    for (const id of ids.slice(0, c.yes)) votes.set(id, true);
    for (const id of ids.slice(c.yes, c.yes + c.no)) votes.set(id, false);
    t.equal(voteResult(new Set(ids), votes), c.want, `${c.n} voters: ${c.yes} yes, ${c.no} no`);
  }
  const votes = new Map([
    ['x', true],
    ['y', true],
  ]);
  t.equal(
    voteResult(new Set(['a', 'b', 'c']), votes),
    VoteResult.Pending,
    'votes from non-voters do not count',
  );
});
