// Pre-vote (Ongaro's thesis, section 9.6): a member first asks whether it could win, so a member
// that was partitioned away does not inflate terms and depose a working leader when it returns.
import t from 'tap';
import { MessageType, Role } from '../../raft/types.ts';
import { BareRaft, entriesWithTerms, heartbeat, storageWith, vote, voteResp } from './bare-raft.ts';
import { Network } from './network.ts';

t.test('a pre-candidate changes neither its term nor its vote', async (t) => {
  // Reference: thesis section 9.6 ("a candidate would first ask other servers whether its log was
  // up-to-date enough to get their vote ... [it] does not increment its term").
  const r = new BareRaft(
    'a',
    storageWith(['a', 'b', 'c'], entriesWithTerms([1, 2]), { term: 2, vote: 'b' }),
    {
      checkQuorum: false,
    },
  );
  r.raft.campaign();
  t.equal(r.raft.role, Role.PreCandidate);
  t.equal(r.raft.term, 2, 'term unchanged');
  t.equal(r.raft.vote, 'b', 'vote unchanged');
  t.same(
    r
      .take()
      .map((m) => (m.type === MessageType.PreVote ? [m.type, m.to, m.term, m.index, m.logTerm] : m.type)),
    [
      [MessageType.PreVote, 'b', 3, 2, 2],
      [MessageType.PreVote, 'c', 3, 2, 2],
    ],
    'asks for the next term with its last index and term',
  );
});

t.test('answering a pre-vote changes neither the voter term nor its vote', async (t) => {
  // Reference: thesis section 9.6.
  const r = new BareRaft(
    'a',
    storageWith(['a', 'b', 'c'], entriesWithTerms([1, 1]), { term: 1, vote: 'b' }),
    {
      checkQuorum: false,
    },
  );
  r.step(vote('c', 'a', 2, { index: 2, logTerm: 1, pre: true }));
  t.same(
    r.take().map((m) => [m.type, m.to, m.term, 'reject' in m ? m.reject : undefined]),
    [[MessageType.PreVoteResp, 'c', 2, false]],
    'granted although a voted for b in term 1: a pre-vote is for the next term',
  );
  t.equal(r.raft.term, 1);
  t.equal(r.raft.vote, 'b');
  r.step(vote('c', 'a', 2, { index: 1, logTerm: 1, pre: true }));
  t.same(
    r.take().map((m) => [m.type, m.term, 'reject' in m ? m.reject : undefined]),
    [[MessageType.PreVoteResp, 1, true]],
    'a shorter log is refused (section 5.4.1 applies to pre-votes)',
  );
  r.step(vote('c', 'a', 1, { index: 9, logTerm: 9, pre: true }));
  t.equal(r.takeOf(MessageType.PreVoteResp)[0]?.reject, true, 'a pre-vote for the current term is refused');
  t.equal(r.raft.term, 1);
});

t.test('winning the pre-vote starts a real election; losing it leaves the term alone', async (t) => {
  // Reference: thesis section 9.6.
  const win = BareRaft.of('a', ['a', 'b', 'c'], { checkQuorum: false });
  win.raft.campaign();
  win.take();
  win.step(voteResp('b', 'a', 1, false, true));
  t.equal(win.raft.role, Role.Candidate);
  t.equal(win.raft.term, 1);
  t.equal(win.raft.vote, 'a');
  t.same(
    win.take().map((m) => [m.type, m.to, m.term]),
    [
      [MessageType.Vote, 'b', 1],
      [MessageType.Vote, 'c', 1],
    ],
  );

  const lose = BareRaft.of('a', ['a', 'b', 'c'], { checkQuorum: false });
  lose.raft.campaign();
  lose.step(voteResp('b', 'a', 0, true, true));
  lose.step(voteResp('c', 'a', 0, true, true));
  t.equal(lose.raft.role, Role.Follower);
  t.equal(lose.raft.term, 0);
  t.equal(lose.raft.vote, '');
});

t.test('a pre-candidate that hears from a leader of its term follows it', async (t) => {
  // Reference: section 5.2 and thesis section 9.6.
  const r = new BareRaft('a', storageWith(['a', 'b', 'c'], [], { term: 3 }), { checkQuorum: false });
  r.raft.campaign();
  t.equal(r.raft.role, Role.PreCandidate);
  r.step(heartbeat('b', 'a', 3));
  t.equal(r.raft.role, Role.Follower);
  t.equal(r.raft.lead, 'b');
  t.equal(r.raft.term, 3);
});

/** A partition of c for 100 ticks while the others commit, then healing: who leads, at what term? */
function partitionAndHeal(preVote: boolean): { net: Network; termsBefore: number[]; cTerm: number } {
  const net = new Network(['a', 'b', 'c'], { preVote, checkQuorum: false }, 5);
  net.campaign('a');
  const termsBefore = ['a', 'b', 'c'].map((id) => net.get(id).raw.status().term);
  net.isolate('c');
  for (let i = 0; i < 10; i++) {
    net.tick(10);
    net.propose('a', `v${i}`);
  }
  const cTerm = net.get('c').raw.status().term;
  net.recover();
  net.tick(25); // longer than any election timeout of c
  return { net, termsBefore, cTerm };
}

t.test('a member back from a partition does not disrupt the leader', async (t) => {
  // Reference: thesis section 9.6 ("the Pre-Vote algorithm ... prevents a server that was
  // partitioned from disrupting the cluster when it rejoins").
  const { net, termsBefore, cTerm } = partitionAndHeal(true);
  t.equal(cTerm, termsBefore[2], 'the partitioned member kept its term through 100 ticks');
  t.equal(net.leader()?.id, 'a', 'a still leads');
  t.same(
    ['a', 'b', 'c'].map((id) => net.get(id).raw.status().term),
    termsBefore,
    'no term changed anywhere',
  );
  t.equal(net.appliedData('c').length, 10, 'c caught up');

  // The same schedule without pre-vote: c's term runs away and its return deposes a.
  const control = partitionAndHeal(false);
  t.ok(control.cTerm > termsBefore[2]! + 3, `without pre-vote c reached term ${control.cTerm}`);
  const a = control.net.get('a').raw.status();
  t.ok(a.term > termsBefore[0]! + 3, `and a was deposed: the group moved to term ${a.term}`);
});
