// Check-quorum and the leader lease (Ongaro's thesis, sections 6.2 and 4.2.3): a leader that cannot
// reach a majority steps down; followers that hear from a live leader ignore elections.
import t from 'tap';
import { MessageType, Role } from '../../raft/types.ts';
import { BareRaft, heartbeat, vote } from './bare-raft.ts';
import { Network } from './network.ts';

t.test('a leader that hears from no majority for an election timeout steps down', async (t) => {
  // Reference: thesis section 6.2 ("a leader steps down if an election timeout elapses without a
  // successful round of heartbeats to a majority of its cluster").
  const et = 10;
  const net = new Network(['a', 'b', 'c'], { electionTick: et, checkQuorum: true }, 2);
  net.campaign('a');
  net.tick(3);
  net.isolate('a');
  const ticks = net.tickUntil(() => net.get('a').raw.status().role !== Role.Leader, 5 * et, ['a']);
  t.ok(ticks >= et - 3 && ticks <= 2 * et, `stepped down after ${ticks} ticks (election timeout ${et})`);
  t.equal(net.get('a').raw.status().role, Role.Follower);
  t.equal(net.get('a').raw.status().leader, '');
});

t.test('a leader that hears from a majority keeps leading', async (t) => {
  // Reference: thesis section 6.2.
  const net = new Network(['a', 'b', 'c', 'd', 'e'], { checkQuorum: true }, 2);
  net.campaign('a');
  net.isolate('d');
  net.isolate('e');
  net.tick(100);
  t.equal(net.leader()?.id, 'a', 'a, b, c are a majority');
  t.equal(net.get('a').raw.status().term, 2);
  net.isolate('c');
  net.tick(30, ['a']);
  t.not(net.get('a').raw.status().role, Role.Leader, 'a and b are not');
});

t.test('without check-quorum an isolated leader stays leader', async (t) => {
  // The control for the two tests above: the step-down comes from check-quorum.
  const net = new Network(['a', 'b', 'c'], { checkQuorum: false }, 2);
  net.campaign('a');
  net.isolate('a');
  net.tick(100, ['a']);
  t.equal(net.get('a').raw.status().role, Role.Leader);
});

t.test('a follower that hears from its leader ignores vote requests', async (t) => {
  // Reference: thesis section 4.2.3 ("if a server receives a RequestVote request within the minimum
  // election timeout of hearing from a current leader, it does not update its term or grant its
  // vote").
  for (const pre of [false, true]) {
    const r = BareRaft.of('a', ['a', 'b', 'c'], { checkQuorum: true, preVote: false, electionTick: 10 });
    r.step(heartbeat('b', 'a', 1));
    r.tick(5);
    r.take();
    r.step(vote('c', 'a', 2, { index: 5, logTerm: 1, pre }));
    t.same(r.take(), [], `${pre ? 'pre-vote' : 'vote'}: no answer at all`);
    t.equal(r.raft.term, 1, 'term unchanged');
    t.equal(r.raft.vote, '');
    t.equal(r.raft.lead, 'b');
  }
});

t.test('a forced vote (leadership transfer) is not blocked by the lease', async (t) => {
  // Reference: thesis section 3.10 / 4.2.3 (the transfer's RequestVote must get through).
  const r = BareRaft.of('a', ['a', 'b', 'c'], { checkQuorum: true, preVote: false, electionTick: 10 });
  r.step(heartbeat('b', 'a', 1));
  r.take();
  r.step(vote('c', 'a', 2, { index: 5, logTerm: 1, force: true }));
  t.same(
    r.take().map((m) => [m.type, m.term, 'reject' in m ? m.reject : undefined]),
    [[MessageType.VoteResp, 2, false]],
  );
  t.equal(r.raft.term, 2);
  t.equal(r.raft.vote, 'c');
});

t.test('once the leader has been silent for an election timeout, votes are answered again', async (t) => {
  // Reference: thesis section 4.2.3.
  const r = BareRaft.of('a', ['a', 'b', 'c'], { checkQuorum: true, preVote: false, electionTick: 10 });
  r.step(heartbeat('b', 'a', 1));
  r.tick(10);
  r.take();
  r.step(vote('c', 'a', 5, { index: 5, logTerm: 1 }));
  const resp = r.takeOf(MessageType.VoteResp);
  t.same(
    resp.map((m) => [m.term, m.reject]),
    [[5, false]],
  );
});

t.test('a leader ignores vote requests from a member that lost touch (leader lease)', async (t) => {
  // Reference: thesis section 4.2.3 (the leader too disregards RequestVote while it is leading).
  const net = new Network(['a', 'b', 'c'], { checkQuorum: true, preVote: false }, 4);
  net.campaign('a');
  net.get('a').raw.step(vote('c', 'a', 9, { index: 100, logTerm: 9 }));
  net.settle();
  t.equal(net.leader()?.id, 'a');
  t.equal(net.get('a').raw.status().term, 2);
});
