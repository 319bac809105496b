// ReadIndex (Ongaro's thesis, section 6.4): linearizable reads without writing to the log — the
// leader records its commit index, confirms it is still leader with a heartbeat round, and answers.
import t from 'tap';
import { NotLeaderError } from '../../raft/errors.ts';
import { MessageType, Role } from '../../raft/types.ts';
import { Network } from './network.ts';

t.test('a leader read is answered at the commit index after a quorum heartbeat round', async (t) => {
  // Reference: thesis section 6.4 steps 1–4.
  const net = new Network(['a', 'b', 'c']);
  net.campaign('a');
  net.propose('a', 'x');
  const commit = net.get('a').raw.status().commit;
  const before = net.deliveredOf(MessageType.Heartbeat).length;
  net.get('a').raw.readIndex('r1');
  net.settle();
  t.same(net.get('a').readStates, [{ index: commit, ctx: 'r1' }]);
  const rounds = net.deliveredOf(MessageType.Heartbeat).slice(before);
  t.ok(
    rounds.length >= 1 && rounds.every((m) => m.ctx !== ''),
    'confirmed by heartbeats that carry the request',
  );
});

t.test('a read is not answered without acknowledgements from a majority', async (t) => {
  // Reference: thesis section 6.4 step 3 (the leader must make sure it has not been superseded).
  const net = new Network(['a', 'b', 'c', 'd', 'e']);
  net.campaign('a');
  net.isolate('c');
  net.isolate('d');
  net.isolate('e');
  net.get('a').raw.readIndex('r');
  net.settle();
  t.same(net.get('a').readStates, [], 'a and b are 2 of 5');
  net.recover();
  net.isolate('d');
  net.isolate('e');
  net.tick(1); // the next heartbeat round carries the pending request
  t.same(
    net.get('a').readStates.map((r) => r.ctx),
    ['r'],
    'answered once c acknowledges too',
  );
});

t.test('a new leader defers reads until an entry of its term is committed', async (t) => {
  // Reference: thesis section 6.4 step 1 ("If the leader has not yet marked an entry from its
  // current term committed, it waits until it has done so").
  const net = new Network(['a', 'b', 'c'], { preVote: false, checkQuorum: false });
  net.campaign('a');
  net.propose('a', 'x');
  net.filter = (m) => !(m.type === MessageType.App && m.from === 'b');
  net.campaign('b');
  const b = net.get('b');
  t.equal(b.raw.status().role, Role.Leader);
  b.raw.readIndex('early');
  b.raw.step({ type: MessageType.ReadIndex, from: 'c', to: 'b', term: 0, ctx: 'fwd' }); // as forwarded by c
  net.settle();
  t.same(b.readStates, [], 'no answer while its first entry is uncommitted');
  t.same(net.deliveredOf(MessageType.ReadIndexResp), [], 'nor to a forwarded read');
  net.filter = undefined;
  net.tick(2);
  const st = b.raw.status();
  t.same(b.readStates, [{ index: st.commit, ctx: 'early' }]);
  t.equal(st.commit, st.lastIndex, 'the read index includes the new term entry');
  t.same(
    net.deliveredOf(MessageType.ReadIndexResp, 'b', 'c').map((m) => [m.index, m.ctx, m.reject]),
    [[st.commit, 'fwd', false]],
    'the forwarded read is answered too',
  );
});

t.test("a follower's read is forwarded to the leader and answered", async (t) => {
  // Reference: thesis section 6.4 ("followers ... request the current commit index from the
  // leader").
  const net = new Network(['a', 'b', 'c']);
  net.campaign('a');
  net.propose('a', 'x');
  net.get('b').raw.readIndex('f1');
  net.settle();
  t.equal(net.deliveredOf(MessageType.ReadIndex, 'b', 'a').length, 1);
  t.same(net.get('b').readStates, [{ index: net.get('a').raw.status().commit, ctx: 'f1' }]);
  t.same(net.get('a').readStates, [], 'the leader keeps nothing for itself');
});

t.test('two members may use the same ctx without answering each other', async (t) => {
  // Reference: thesis section 6.4 (each request is answered to the member that asked).
  const net = new Network(['a', 'b', 'c']);
  net.campaign('a');
  net.get('b').raw.readIndex('same');
  net.get('c').raw.readIndex('same');
  net.get('a').raw.readIndex('same');
  net.settle();
  for (const id of ['a', 'b', 'c']) t.equal(net.get(id).readStates.length, 1, `${id} answered once`);
});

t.test('a partitioned leader never completes a read', async (t) => {
  // Reference: thesis section 6.4 ("a leader that has been deposed ... must not serve stale data").
  const net = new Network(['a', 'b', 'c']);
  net.campaign('a');
  net.isolate('a');
  net.get('a').raw.readIndex('stale');
  net.settle();
  net.tick(5, ['a']);
  t.same(net.get('a').readStates, [], 'no answer while cut off');
  // Meanwhile the majority moves on.
  net.tickUntil(() => net.leader()?.id !== undefined && net.leader()?.id !== 'a', 100, ['b', 'c']);
  const lead = net.leader()!;
  net.propose(lead.id, 'y');
  net.recover();
  net.tick(3);
  t.same(net.get('a').readStates, [], 'and none after it learns it was deposed');
  t.not(net.get('a').raw.status().role, Role.Leader);
});

t.test('a single-member group answers reads at once', async (t) => {
  // Reference: thesis section 6.4 (a single-server cluster is its own majority).
  const net = new Network(['a']);
  net.campaign('a');
  net.propose('a', 'x');
  net.get('a').raw.readIndex('solo');
  net.settle();
  t.same(net.get('a').readStates, [{ index: net.get('a').raw.status().commit, ctx: 'solo' }]);
  t.equal(net.deliveredOf(MessageType.Heartbeat).length, 0);
});

t.test('a read with no known leader fails with NotLeaderError', async (t) => {
  const net = new Network(['a', 'b', 'c']);
  t.throws(() => net.get('b').raw.readIndex('r'), NotLeaderError);
  let err: unknown;
  try {
    net.get('b').raw.readIndex('r');
  } catch (e) {
    err = e;
  }
  t.ok(err instanceof NotLeaderError && err.leader === '');
});

t.test('a read issued after a write sees the write', async (t) => {
  // Reference: thesis section 6.4 (linearizability: the read index is at least the index of every
  // write acknowledged before the read started).
  const net = new Network(['a', 'b', 'c']);
  net.campaign('a');
  for (let i = 0; i < 5; i++) {
    const { index } = net.propose('a', `w${i}`);
    net.get('c').raw.readIndex(`r${i}`);
    net.settle();
    const rs = net.get('c').readStates.at(-1);
    t.equal(rs?.ctx, `r${i}`);
    t.ok((rs?.index ?? 0) >= index, `read ${i} at ${rs?.index} ≥ write at ${index}`);
  }
});
