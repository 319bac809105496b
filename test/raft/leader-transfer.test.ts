// Leadership transfer (Ongaro's thesis, section 3.10): the leader brings the target up to date,
// sends it TimeoutNow, and the target wins at once instead of after an election timeout.
import t from 'tap';
import { ProposalDroppedError } from '../../raft/errors.ts';
import { ConfChangeType, MessageType, Role } from '../../raft/types.ts';
import { Network } from './network.ts';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

t.test('transfer to an up-to-date follower completes without an election timeout', async (t) => {
  // Reference: thesis section 3.10 ("the prior leader sends a TimeoutNow request to the target
  // server ... the target server starts a new election immediately").
  const net = new Network(['a', 'b', 'c']);
  net.campaign('a');
  net.propose('a', 'x');
  const term = net.get('a').raw.status().term;
  net.get('a').raw.transferLeadership('b');
  net.settle();
  t.equal(net.leader()?.id, 'b', 'b leads without any tick');
  t.equal(net.get('b').raw.status().term, term + 1);
  t.equal(net.deliveredOf(MessageType.TimeoutNow, 'a', 'b').length, 1);
  const votes = net.deliveredOf(MessageType.Vote, 'b');
  t.ok(votes.length > 0 && votes.every((m) => m.force), 'its vote requests are forced through leases');
  t.equal(net.deliveredOf(MessageType.PreVote, 'b').length, 0, 'no pre-vote round');
  t.equal(net.get('a').raw.status().role, Role.Follower);
  net.propose('b', 'y');
  t.same(net.appliedData('a'), ['x', 'y']);
});

t.test('transfer to a lagging follower first brings it up to date', async (t) => {
  // Reference: thesis section 3.10 ("the prior leader ... sends it log entries until it has all of
  // them").
  const net = new Network(['a', 'b', 'c']);
  net.campaign('a');
  net.isolate('c');
  for (let i = 0; i < 5; i++) net.propose('a', `v${i}`);
  net.recover();
  t.ok(net.get('c').raw.status().lastIndex < net.get('a').raw.status().lastIndex, 'c lags');
  net.get('a').raw.transferLeadership('c');
  net.settle();
  t.equal(net.leader()?.id, 'c');
  const timeoutNow = net.deliveredOf(MessageType.TimeoutNow, 'a', 'c')[0];
  t.ok(timeoutNow, 'TimeoutNow sent');
  t.ok(
    net.delivered.indexOf(timeoutNow!) >
      net.delivered.findLastIndex((m) => m.type === MessageType.App && m.from === 'a' && m.to === 'c'),
    'only after the last append to c',
  );
  t.same(
    net.appliedData('c'),
    Array.from({ length: 5 }, (_, i) => `v${i}`),
  );
});

t.test('proposals are refused while a transfer is in progress', async (t) => {
  // Reference: thesis section 3.10 ("the prior leader stops accepting new client requests").
  const net = new Network(['a', 'b', 'c']);
  net.campaign('a');
  net.isolate('c');
  net.get('a').raw.transferLeadership('c');
  net.settle();
  t.equal(net.get('a').raw.status().leadTransferee, 'c');
  t.throws(() => net.get('a').raw.propose(enc('x')), ProposalDroppedError);
  t.equal(net.leader()?.id, 'a');
});

t.test('a transfer that does not finish within an election timeout is abandoned', async (t) => {
  // Reference: thesis section 3.10 ("If the transfer does not complete after about one election
  // timeout, the prior leader aborts the transfer and resumes accepting client requests").
  const et = 10;
  const net = new Network(['a', 'b', 'c'], { electionTick: et });
  net.campaign('a');
  net.isolate('c');
  net.get('a').raw.transferLeadership('c');
  net.settle();
  const ticks = net.tickUntil(() => net.get('a').raw.status().leadTransferee === '', 3 * et, ['a', 'b']);
  t.ok(ticks > 0 && ticks <= et, `abandoned after ${ticks} ticks`);
  t.equal(net.leader()?.id, 'a', 'a still leads');
  net.propose('a', 'x');
  t.same(net.appliedData('b'), ['x'], 'and accepts proposals again');
});

t.test('transfers to itself, to a non-member or to a learner are ignored', async (t) => {
  // Reference: thesis section 3.10 (the target must be a voting member that can win).
  const net = new Network(['a', 'b', 'c']);
  net.campaign('a');
  net
    .get('a')
    .raw.proposeConfChange({ type: ConfChangeType.AddLearner, nodeId: 'l', context: new Uint8Array(0) });
  net.add('l');
  net.settle();
  for (const target of ['a', 'z', 'l']) {
    net.get('a').raw.transferLeadership(target);
    net.settle();
    t.equal(net.get('a').raw.status().leadTransferee, '', `to ${target}: nothing in progress`);
    t.equal(net.leader()?.id, 'a');
  }
  t.equal(net.deliveredOf(MessageType.TimeoutNow).length, 0);
  net.propose('a', 'x');
  t.same(net.appliedData('c'), ['x'], 'proposals still accepted');
});

t.test('a follower forwards a transfer request to its leader', async (t) => {
  // Reference: thesis section 3.10.
  const net = new Network(['a', 'b', 'c']);
  net.campaign('a');
  net.get('b').raw.transferLeadership('c');
  net.settle();
  t.equal(net.deliveredOf(MessageType.TransferLeader, 'b', 'a').length, 1, 'forwarded to a');
  t.equal(net.leader()?.id, 'c');
});

t.test('a new transfer target replaces the previous one', async (t) => {
  // Reference: thesis section 3.10.
  const net = new Network(['a', 'b', 'c']);
  net.campaign('a');
  net.isolate('c');
  net.get('a').raw.transferLeadership('c');
  net.settle();
  net.get('a').raw.transferLeadership('c');
  net.settle();
  t.equal(net.get('a').raw.status().leadTransferee, 'c');
  net.get('a').raw.transferLeadership('b');
  net.settle();
  t.equal(net.leader()?.id, 'b');
});
