// Regression tests for core bugs found by the simulation (test/sim); each names the seed.
import t from 'tap';
import { ProposalDroppedError } from '../../raft/errors.ts';
import { ConfChangeType, EntryType, MessageType } from '../../raft/types.ts';
import { Network } from './network.ts';

t.test('sim seed 5 (5 nodes): a lost window of pipelined appends does not stall a follower', async (t) => {
  const net = new Network(['a', 'b', 'c'], { maxInflightMsgs: 2 });
  net.campaign('a');
  // Fill c's window with appends that are lost.
  net.filter = (m) => !(m.type === MessageType.App && m.to === 'c');
  for (let i = 0; i < 6; i++) net.propose('a', `v${i}`);
  const before = net.get('a').raw.status().progress?.get('c');
  t.equal(before?.inflight, 2, 'window towards c is full of lost appends');
  net.recover();
  // Heartbeat responses from c must reopen the window and the rejection must re-probe.
  net.tick(3);
  t.same(net.appliedData('c'), net.appliedData('a'), 'c caught up');
  t.equal(net.appliedData('c').length, 6);
});

t.test(
  'sim seed 6: a follower that installed a snapshot the leader has compacted past gets the new one',
  async (t) => {
    const net = new Network(['a', 'b', 'c'], { snapshotChunkSize: 16 });
    net.campaign('a');
    net.isolate('c');
    for (let i = 0; i < 10; i++) net.propose('a', `v${i}`);
    const a = net.get('a');
    const snapAt = (index: number): void => {
      a.storage.createSnapshot(index, a.raw.status().confState, new TextEncoder().encode(`state@${index}`));
      a.storage.compact(index);
    };
    snapAt(a.raw.status().applied);
    net.recover();
    // c installs the snapshot, but its acknowledgement is lost...
    const first = a.storage.snapshot().meta.index;
    net.filter = (m) => !(m.type === MessageType.AppResp && m.from === 'c' && !m.reject && m.index >= first);
    net.tick(3);
    t.equal(net.get('c').raw.status().commit, first, 'c installed the first snapshot');
    // ...and meanwhile the leader moves on and compacts past that snapshot.
    for (let i = 0; i < 5; i++) net.propose('a', `w${i}`);
    snapAt(a.raw.status().applied);
    net.recover();
    net.tick(5);
    const c = net.get('c').raw.status();
    const leader = a.raw.status();
    t.equal(c.commit, leader.commit, 'c converged to the leader');
    t.equal(leader.progress?.get('c')?.state, 'replicate', 'c is replicating, not stuck in snapshot state');
  },
);

t.test('sim seed 402424: a leader that proposed its own removal takes no more proposals', async (t) => {
  const net = new Network(['a', 'b']);
  net.campaign('b');
  const b = net.get('b').raw;
  b.proposeConfChange({ type: ConfChangeType.RemoveNode, nodeId: 'b', context: new Uint8Array(0) });
  t.throws(() => b.propose(new TextEncoder().encode('late')), ProposalDroppedError);
  net.settle();
  net.tick(2);
  const a = net.get('a').raw.status();
  t.equal(a.role, 'leader', 'the survivor leads');
  t.same(a.confState.voters, ['a']);
});

t.test(
  'sim seed 400024: the survivor of a 2-voter group takes over even if the removed leader vanishes',
  async (t) => {
    const net = new Network(['a', 'b']);
    net.campaign('b');
    net
      .get('b')
      .raw.proposeConfChange({ type: ConfChangeType.RemoveNode, nodeId: 'b', context: new Uint8Array(0) });
    // The moment b hands off (TimeoutNow), b disappears for good: it cannot answer a vote request.
    net.filter = (m) => {
      if (m.type === MessageType.TimeoutNow) net.isolate('b');
      return true;
    };
    net.settle();
    net.tick(1, ['a']);
    const a = net.get('a').raw.status();
    t.equal(a.role, 'leader', 'a leads without b');
    t.same(a.confState.voters, ['a']);
    net.propose('a', 'after');
    t.same(net.appliedData('a'), ['after']);
  },
);

t.test('sim seed 400036: a Ready that commits a membership change must be synced', async (t) => {
  const net = new Network(['a', 'b', 'c']);
  net.campaign('a');
  const a = net.get('a').raw;
  a.proposeConfChange({ type: ConfChangeType.RemoveNode, nodeId: 'c', context: new Uint8Array(0) });
  // Deliver everything but look at b's Readies: the one that commits the change must be synced.
  const b = net.get('b');
  const seen: { mustSync: boolean; conf: boolean }[] = [];
  const ready = b.raw.ready.bind(b.raw);
  b.raw.ready = () => {
    const rd = ready();
    seen.push({
      mustSync: rd.mustSync,
      conf: rd.committedEntries.some((e) => e.type === EntryType.ConfChange),
    });
    return rd;
  };
  net.settle();
  net.tick(1);
  const confReadies = seen.filter((r) => r.conf);
  t.ok(confReadies.length > 0, 'b applied the change');
  t.ok(
    confReadies.every((r) => r.mustSync),
    'mustSync is set',
  );
});

t.test('sim seed 503872: a restarted single voter defers reads until it commits in its term', async (t) => {
  const net = new Network(['a']);
  net.campaign('a');
  net.propose('a', 'x');
  const a = net.get('a');
  // Restart with a durable commit behind the acknowledged write (the commit-only write was lost).
  a.storage.setHardState({ ...a.storage.initialState().hardState, commit: a.storage.lastIndex() - 1 });
  const r = net.restart('a');
  net.settle(); // re-applies the founding configuration from the log
  r.raw.campaign();
  r.raw.readIndex('read-1');
  const early = r.raw.ready();
  t.same(early.readStates, [], 'no read point before the new term commits');
  if (early.hardState) r.storage.setHardState(early.hardState);
  r.storage.append(early.entries);
  r.raw.advance(early);
  // Persist the Ready as the harness would and let the leader commit its entry of the term.
  net.settle();
  t.same(
    r.readStates.map((s) => s.index >= a.storage.lastIndex()),
    [true],
    'the read point covers the acknowledged write',
  );
});

t.test('sim seed 504126 (pre-vote off): a stale vote request is answered with the newer term', async (t) => {
  const net = new Network(['a', 'b', 'c'], { preVote: false });
  net.campaign('a');
  net.isolate('b');
  net.tick(100, ['b']); // b campaigns alone: its term climbs
  net.recover();
  const bTerm = net.get('b').raw.status().term;
  t.ok(bTerm > net.get('c').raw.status().term + 1, 'b is terms ahead');
  net.get('c').raw.campaign(); // c asks b with a lower term
  net.settle();
  const answered = net.delivered.some(
    (m) => m.type === MessageType.VoteResp && m.from === 'b' && m.to === 'c' && m.term === bTerm,
  );
  t.ok(answered, 'b answered with its term');
});

t.test(
  'sim finding F7: a member restarts from a snapshot taken past its last persisted commit',
  async (t) => {
    const net = new Network(['a', 'b', 'c']);
    net.campaign('a');
    net.propose('a', 'x');
    const b = net.get('b');
    const hs = b.storage.initialState().hardState;
    // b applied through the newest commit, snapshotted there, but its persisted commit is older.
    const index = b.raw.status().applied;
    b.storage.createSnapshot(index, b.raw.status().confState, new TextEncoder().encode('state'));
    b.storage.compact(index);
    b.storage.setHardState({ ...hs, commit: index - 1 });
    const r = net.restart('b');
    t.equal(r.raw.status().commit, index, 'commit restored from the snapshot');
    net.propose('a', 'y');
    t.same(net.appliedData('b'), ['y'], 'b keeps replicating');
  },
);

t.test('sim seed 700126 (20,000 steps): a removed leader hands off even if the commit is lost', async (t) => {
  const net = new Network(['a', 'b']);
  net.campaign('b');
  const removal = net.get('b').raw.proposeConfChange({
    type: ConfChangeType.RemoveNode,
    nodeId: 'b',
    context: new Uint8Array(0),
  }).index;
  // Lose every append and heartbeat from b that would tell a the removal committed: only
  // TimeoutNow can. And b vanishes right after sending it.
  net.filter = (m) => {
    if (m.from !== 'b' || m.to !== 'a') return true;
    if (m.type === MessageType.TimeoutNow) {
      net.isolate('b');
      return true;
    }
    if (m.type === MessageType.App || m.type === MessageType.Heartbeat) return m.commit < removal;
    return true;
  };
  net.settle();
  net.tick(1, ['a']);
  const a = net.get('a').raw.status();
  t.equal(a.role, 'leader', 'a leads alone');
  t.same(a.confState.voters, ['a']);
});
