// Restart from stable storage (Raft paper Figure 2, "Persistent state on all servers"): a member
// comes back with its term, vote, log and commit, and does not apply again what it applied.
import t from 'tap';
import { SeededRandom } from '../../raft/random.ts';
import { RawNode } from '../../raft/rawnode.ts';
import { MessageType, Role } from '../../raft/types.ts';
import { entriesWithTerms, storageWith } from './bare-raft.ts';
import { Network } from './network.ts';

t.test('a restarted member keeps its term, vote, log and commit', async (t) => {
  // Reference: Figure 2 (currentTerm, votedFor and log[] are persistent).
  const net = new Network(['a', 'b', 'c']);
  net.campaign('a');
  for (let i = 0; i < 3; i++) net.propose('a', `v${i}`);
  const before = net.get('b').raw.status();
  const b = net.restart('b');
  const after = b.raw.status();
  t.equal(after.term, before.term);
  t.equal(after.vote, before.vote);
  t.equal(after.vote, 'a');
  t.equal(after.lastIndex, before.lastIndex);
  t.equal(after.commit, before.commit);
  t.equal(after.role, Role.Follower);
  t.same(after.confState, { voters: [], learners: [] }, 'membership comes back as the log is re-applied');
  net.settle();
  t.same(b.raw.status().confState, { voters: ['a', 'b', 'c'], learners: [] });
  t.same(net.appliedData('b'), ['v0', 'v1', 'v2'], 'the state machine is rebuilt from the log');
  net.propose('a', 'v3');
  t.same(net.appliedData('b'), ['v0', 'v1', 'v2', 'v3']);
});

t.test('a restarted leader rejoins as a follower and the group goes on', async (t) => {
  // Reference: section 5.2 (servers start as followers).
  const net = new Network(['a', 'b', 'c']);
  net.campaign('a');
  net.propose('a', 'x');
  net.restart('a');
  t.equal(net.get('a').raw.status().role, Role.Follower);
  const ticks = net.tickUntil(() => net.leader() !== undefined, 100);
  t.ok(ticks > 0, `a leader again after ${ticks} ticks`);
  net.propose(net.leader()!.id, 'y');
  for (const id of ['a', 'b', 'c']) t.same(net.appliedData(id), ['x', 'y'], id);
});

t.test('entries up to the applied index given at start are not handed out again', async (t) => {
  // Reference: etcd-io/raft Config.Applied; the state machine restored from its own snapshot.
  const s = storageWith(['a', 'b', 'c'], entriesWithTerms(Array(10).fill(1)), { term: 1, commit: 10 });
  const raw = new RawNode({ id: 'a', storage: s, random: new SeededRandom(1), applied: 6 });
  t.equal(raw.status().applied, 6);
  const rd = raw.ready();
  t.same(
    rd.committedEntries.map((e) => e.index),
    [7, 8, 9, 10],
  );
  raw.advance(rd);
  t.equal(raw.status().applied, 10);
});

t.test('a member restarted after compaction applies only what follows its snapshot', async (t) => {
  // Reference: section 7 (the snapshot replaces the compacted prefix of the state machine's input).
  const net = new Network(['a', 'b', 'c']);
  net.campaign('a');
  for (let i = 0; i < 4; i++) net.propose('a', `v${i}`);
  net.compact('b', new Uint8Array([1]));
  net.propose('a', 'v4');
  const b = net.restart('b');
  net.settle();
  t.same(net.appliedData('b'), ['v4'], 'only the entry after the snapshot');
  t.same(b.raw.status().confState, { voters: ['a', 'b', 'c'], learners: [] }, 'membership from the snapshot');
});

t.test('a persisted commit beyond the log is refused at start', async (t) => {
  // Reference: Figure 2 (commitIndex never exceeds the log).
  const s = storageWith(['a', 'b', 'c'], entriesWithTerms([1, 1]), { term: 1, commit: 5 });
  t.throws(() => new RawNode({ id: 'a', storage: s, random: new SeededRandom(1) }), /commit 5/);
});

t.test('a member restarted with the same vote does not vote twice in its term', async (t) => {
  // Reference: section 5.2 ("at most one candidate in a given term").
  const net = new Network(['a', 'b', 'c'], { preVote: false, checkQuorum: false });
  net.campaign('a');
  const b = net.restart('b');
  b.raw.step({ type: MessageType.Vote, from: 'c', to: 'b', term: 2, index: 99, logTerm: 9, force: false });
  net.settle();
  const resp = net.deliveredOf(MessageType.VoteResp, 'b', 'c');
  t.equal(resp.length, 1);
  t.equal(resp[0]?.reject, true);
});
