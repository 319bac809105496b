// ProgressTracker: membership as the leader sees it, with per-member progress and votes.
import t from 'tap';
import { VoteResult } from '../../raft/quorum.ts';
import { ProgressTracker } from '../../raft/tracker.ts';

t.test('applyConfState keeps the progress of members that stay', async (t) => {
  const tr = new ProgressTracker(4);
  tr.applyConfState({ voters: ['a', 'b', 'c'], learners: [] }, 5);
  const b = tr.progress.get('b')!;
  b.match = 3;
  tr.applyConfState({ voters: ['a', 'b'], learners: ['d'] }, 9);
  t.equal(tr.progress.get('b'), b, 'same object');
  t.equal(tr.progress.get('b')?.match, 3);
  t.notOk(tr.progress.has('c'), 'removed');
  t.equal(tr.progress.get('d')?.next, 9);
  t.equal(tr.progress.get('d')?.isLearner, true);
  t.same(tr.confState(), { voters: ['a', 'b'], learners: ['d'] });
});

t.test('adding a voter that is a learner promotes it; adding a learner demotes', async (t) => {
  const tr = new ProgressTracker(4);
  tr.applyConfState({ voters: ['a'], learners: ['l'] }, 1);
  tr.progress.get('l')!.match = 7;
  tr.addVoter('l', 10);
  t.ok(tr.isVoter('l'));
  t.notOk(tr.learners.has('l'));
  t.equal(tr.progress.get('l')?.isLearner, false);
  t.equal(tr.progress.get('l')?.match, 7, 'progress kept across promotion');
  tr.addLearner('l', 10);
  t.notOk(tr.isVoter('l'));
  t.ok(tr.isMember('l'));
  t.equal(tr.progress.get('l')?.isLearner, true);
  tr.remove('l');
  t.notOk(tr.isMember('l'));
  t.notOk(tr.progress.has('l'));
});

t.test('a new member starts active so check-quorum does not fire at once', async (t) => {
  const tr = new ProgressTracker(4);
  tr.applyConfState({ voters: ['a', 'b', 'c'], learners: [] }, 1);
  t.ok(tr.quorumActive('a'));
  for (const pr of tr.progress.values()) pr.recentActive = false;
  t.notOk(tr.quorumActive('a'), 'self alone is not a majority of three');
  tr.progress.get('c')!.recentActive = true;
  t.ok(tr.quorumActive('a'), 'self and c are');
});

t.test('commit index and votes count voters only', async (t) => {
  // Reference: thesis section 4.2.1 (learners do not count toward majorities).
  const tr = new ProgressTracker(4);
  tr.applyConfState({ voters: ['a', 'b', 'c'], learners: ['l1', 'l2'] }, 1);
  tr.progress.get('a')!.match = 5;
  tr.progress.get('l1')!.match = 5;
  tr.progress.get('l2')!.match = 5;
  t.equal(tr.committed(), 0, 'two learners do not make a majority');
  tr.progress.get('b')!.match = 4;
  t.equal(tr.committed(), 4);

  tr.recordVote('a', true);
  tr.recordVote('l1', true);
  tr.recordVote('l2', true);
  t.equal(tr.tallyVotes(), VoteResult.Pending);
  tr.recordVote('b', false);
  tr.recordVote('b', true);
  t.equal(tr.tallyVotes(), VoteResult.Pending, 'the first vote of a member counts');
  tr.recordVote('c', true);
  t.equal(tr.tallyVotes(), VoteResult.Won);
  tr.resetVotes();
  t.equal(tr.tallyVotes(), VoteResult.Pending);
});
