// Membership changes (Ongaro's thesis, chapter 4): one server at a time, learners that catch up
// before they vote, removal of followers and of the leader itself, and members that join later.
import t from 'tap';
import { ConfChangeError, NotLeaderError, ProposalDroppedError } from '../../raft/errors.ts';
import { type ConfChange, ConfChangeType, MessageType, Role } from '../../raft/types.ts';
import { Network } from './network.ts';

const cc = (type: ConfChangeType, nodeId: string): ConfChange => ({
  type,
  nodeId,
  context: new Uint8Array(0),
});
const addLearner = (id: string): ConfChange => cc(ConfChangeType.AddLearner, id);
const addVoter = (id: string): ConfChange => cc(ConfChangeType.AddVoter, id);
const remove = (id: string): ConfChange => cc(ConfChangeType.RemoveNode, id);

function change(net: Network, leader: string, c: ConfChange): void {
  net.get(leader).raw.proposeConfChange(c);
  net.settle();
}

t.test('a learner receives the log but neither votes nor counts toward commit', async (t) => {
  // Reference: thesis section 4.2.1 (new servers join as non-voting members until caught up).
  const net = new Network(['a', 'b', 'c']);
  net.campaign('a');
  net.propose('a', 'x');
  const d = net.add('d');
  change(net, 'a', addLearner('d'));
  t.same(net.get('a').raw.status().confState, { voters: ['a', 'b', 'c'], learners: ['d'] });
  net.tick(1);
  t.same(net.appliedData('d'), ['x'], 'd got the log from the start');
  t.same(d.raw.status().confState, { voters: ['a', 'b', 'c'], learners: ['d'] }, 'and knows it is a learner');
  t.equal(net.get('a').raw.status().progress?.get('d')?.isLearner, true);

  // It does not count toward commit: with b and c away, a and d are not a majority.
  net.isolate('b');
  net.isolate('c');
  const commit = net.get('a').raw.status().commit;
  net.propose('a', 'y');
  t.equal(net.get('d').storage.lastIndex(), net.get('a').storage.lastIndex(), 'd holds y');
  t.equal(net.get('a').raw.status().commit, commit, 'but y is not committed');
  net.recover();
  net.tick(1);
  t.same(net.appliedData('d'), ['x', 'y']);

  // It does not vote: candidates do not ask it, and it never campaigns.
  const before = net.deliveredOf(MessageType.Vote).length + net.deliveredOf(MessageType.PreVote).length;
  net.isolate('a');
  net.tickUntil(() => net.leader() !== undefined && net.leader()?.id !== 'a', 100, ['b', 'c', 'd']);
  const asked = [...net.deliveredOf(MessageType.Vote), ...net.deliveredOf(MessageType.PreVote)]
    .slice(before)
    .filter((m) => m.to === 'd' || m.from === 'd');
  t.same(asked, [], 'no vote traffic to or from the learner');
  t.ok(['b', 'c'].includes(net.leader()?.id ?? ''), 'a voter took over');
  d.raw.campaign();
  net.settle();
  t.equal(d.raw.status().role, Role.Follower, 'a learner refuses to campaign');
});

t.test('a learner is promoted only once it has caught up', async (t) => {
  // Reference: thesis section 4.2.1 ("the leader should abort the change if the new server is
  // unavailable or is so slow that it will never catch up").
  const net = new Network(['a', 'b', 'c'], { learnerCatchUpEntries: 5 });
  net.campaign('a');
  net.add('d');
  change(net, 'a', addLearner('d'));
  net.isolate('d');
  for (let i = 0; i < 20; i++) net.propose('a', `v${i}`);
  t.throws(
    () => net.get('a').raw.proposeConfChange(addVoter('d')),
    { name: 'ConfChangeError' },
    'refused while behind',
  );
  let reason = '';
  try {
    net.get('a').raw.proposeConfChange(addVoter('d'));
  } catch (err) {
    if (err instanceof ConfChangeError) reason = err.reason;
  }
  t.match(reason, /behind/);
  t.same(net.get('a').raw.status().confState.learners, ['d'], 'still a learner');

  net.recover();
  net.tick(2);
  t.equal(net.appliedData('d').length, 20, 'caught up');
  change(net, 'a', addVoter('d'));
  t.same(net.get('a').raw.status().confState, { voters: ['a', 'b', 'c', 'd'], learners: [] });
  t.same(net.get('d').raw.status().confState, { voters: ['a', 'b', 'c', 'd'], learners: [] });
  // Now d counts: with b and c away, a and d are 2 of 4 — still no commit; with only c away, 3 of 4.
  net.isolate('c');
  net.propose('a', 'w');
  t.equal(net.appliedData('d').at(-1), 'w', 'a, b, d commit without c');
});

t.test('a removed follower no longer counts, and stops campaigning', async (t) => {
  // Reference: thesis section 4.1.
  const net = new Network(['a', 'b', 'c']);
  net.campaign('a');
  change(net, 'a', remove('c'));
  t.same(net.get('a').raw.status().confState, { voters: ['a', 'b'], learners: [] });
  t.same(net.get('c').raw.status().confState, { voters: ['a', 'b'], learners: [] }, 'c applied its removal');
  net.isolate('c');
  net.propose('a', 'x');
  t.same(net.appliedData('b'), ['x'], 'a and b are the majority now');
  const term = net.get('c').raw.status().term;
  net.tick(50, ['c']);
  t.equal(net.get('c').raw.status().term, term, 'c never campaigns');
  t.equal(net.get('a').raw.status().progress?.has('c'), false, 'the leader stopped tracking c');
});

t.test('a leader that removes itself steps down and a voter takes over without a timeout', async (t) => {
  // Reference: thesis section 4.2.2 ("the leader steps down once the C_new entry is committed");
  // section 3.10 (TimeoutNow lets the successor start its election at once).
  const net = new Network(['a', 'b', 'c'], { electionTick: 10 });
  net.campaign('a');
  net.propose('a', 'x');
  const timeoutNows = net.deliveredOf(MessageType.TimeoutNow).length;
  change(net, 'a', remove('a'));
  t.not(net.get('a').raw.status().role, Role.Leader, 'a stepped down');
  t.same(net.get('a').raw.status().confState.voters, ['b', 'c']);
  t.equal(
    net.deliveredOf(MessageType.TimeoutNow, 'a').length - timeoutNows,
    1,
    'a handed over with TimeoutNow',
  );
  const ticks = net.tickUntil(() => {
    const l = net.leader();
    return l !== undefined && l.id !== 'a';
  }, 40);
  t.ok(ticks >= 0 && ticks <= 1, `new leader after ${ticks} ticks (an election timeout is ≥ 10)`);
  const leader = net.leader()!;
  t.throws(() => net.get('a').raw.propose(new TextEncoder().encode('z')), NotLeaderError);
  net.propose(leader.id, 'y');
  t.same(net.appliedData('b'), ['x', 'y']);
  t.same(net.appliedData('c'), ['x', 'y']);
});

t.test('only one membership change may be pending at a time', async (t) => {
  // Reference: thesis section 4.1 ("a leader may not begin another configuration change until the
  // previous one has been committed" — here: applied).
  const net = new Network(['a', 'b', 'c']);
  net.campaign('a');
  const lead = net.get('a').raw;
  lead.proposeConfChange(addLearner('d'));
  t.throws(() => lead.proposeConfChange(addLearner('e')), { name: 'ConfChangeError' });
  t.throws(() => lead.proposeConfChange(remove('c')), { name: 'ConfChangeError' });
  net.settle();
  lead.proposeConfChange(addLearner('e'));
  net.settle();
  t.same(lead.status().confState, { voters: ['a', 'b', 'c'], learners: ['d', 'e'] });
});

t.test('a new leader proposes no membership change before an entry of its term is applied', async (t) => {
  // Reference: thesis section 4.1 and the single-server change bug fix (raft-dev, 2015): "a leader
  // may not append a new configuration entry until it has committed an entry from its current
  // term".
  const net = new Network(['a', 'b', 'c'], { preVote: false, checkQuorum: false });
  net.campaign('a');
  net.filter = (m) => !(m.type === MessageType.App && m.from === 'b'); // b's empty entry stays local
  net.campaign('b');
  const b = net.get('b').raw;
  t.equal(b.status().role, Role.Leader);
  t.ok(b.status().commit < b.status().lastIndex, "b's first entry is not committed");
  t.throws(() => b.proposeConfChange(addLearner('d')), { name: 'ConfChangeError' });
  net.filter = undefined;
  net.tick(1);
  t.equal(b.status().applied, b.status().lastIndex, 'now it is applied');
  b.proposeConfChange(addLearner('d'));
  net.settle();
  t.same(b.status().confState.learners, ['d']);
});

t.test(
  'a member joining with an empty log learns the founders from the log and cannot win alone',
  async (t) => {
    // Reference: thesis section 4.1 (servers always use the latest configuration in their log); the
    // bootstrap entries make that log self-describing.
    const net = new Network(['a', 'b', 'c']);
    net.campaign('a');
    net.propose('a', 'x');
    const d = net.add('d');
    net.isolate('d');
    change(net, 'a', addVoter('d'));
    t.same(d.raw.status().confState, { voters: [], learners: [] }, 'd knows nothing yet');
    d.raw.campaign();
    for (let i = 0; i < 50; i++) d.raw.tick();
    net.settle();
    t.equal(d.raw.status().role, Role.Follower, 'an empty member never campaigns');
    t.equal(d.raw.status().term, 0);
    t.same(net.appliedData('a'), ['x'], 'a, b, c are 3 of 4: they keep committing');

    net.recover();
    net.tick(1);
    t.same(d.raw.status().confState, { voters: ['a', 'b', 'c', 'd'], learners: [] }, 'learned from the log');
    t.same(d.applied.filter((e) => e.type === 1).length, 4, 'three bootstrap entries and its own addition');
    t.same(net.appliedData('d'), ['x']);

    net.isolate('d');
    const term = d.raw.status().term;
    net.tick(100, ['d']);
    t.not(d.raw.status().role, Role.Leader, 'alone it is 1 of 4');
    t.equal(d.raw.status().term, term, 'and pre-vote keeps its term');
  },
);

t.test('invalid membership changes are refused', async (t) => {
  // Reference: thesis section 4.1.
  const net = new Network(['a', 'b']);
  net.campaign('a');
  const lead = net.get('a').raw;
  const refused = (c: ConfChange, why: RegExp): void => {
    let err: unknown;
    try {
      lead.proposeConfChange(c);
    } catch (e) {
      err = e;
    }
    t.ok(err instanceof ConfChangeError, `${ConfChangeType[c.type]} ${c.nodeId || '(empty)'}`);
    if (err instanceof ConfChangeError) t.match(err.reason, why);
  };
  refused(addVoter('b'), /already a voter/);
  refused(addLearner('b'), /is a voter/);
  refused(remove('z'), /not a member/);
  refused(addVoter(''), /empty/);
  change(net, 'a', remove('b'));
  refused(remove('a'), /last voter/);
  change(net, 'a', addLearner('l'));
  refused(addLearner('l'), /already a learner/);
  t.same(lead.status().confState, { voters: ['a'], learners: ['l'] });
  t.throws(() => net.get('b').raw.proposeConfChange(addLearner('q')), NotLeaderError);
});

t.test('a removed leader refuses proposals', async (t) => {
  // Reference: thesis section 4.2.2 (a leader not in C_new manages the cluster until C_new is
  // committed, then steps down).
  const net = new Network(['a', 'b', 'c']);
  net.campaign('a');
  net.isolate('b');
  net.isolate('c');
  net.get('a').raw.proposeConfChange(remove('a'));
  net.settle();
  // Not committed: a is still leader of the old configuration and keeps accepting.
  t.equal(net.get('a').raw.status().role, Role.Leader);
  net.recover();
  net.tick(1);
  t.not(net.get('a').raw.status().role, Role.Leader);
  let err: unknown;
  try {
    net.get('a').raw.propose(new Uint8Array([1]));
  } catch (e) {
    err = e;
  }
  t.ok(err instanceof NotLeaderError || err instanceof ProposalDroppedError, 'refused');
});

t.test('removing a member commits entries that were only waiting for it', async (t) => {
  // Reference: thesis section 4.1 (a configuration takes effect at once: here, when applied) —
  // the smaller majority may already hold later entries.
  const net = new Network(['a', 'b'], { maxSizePerMsg: 1 });
  net.campaign('a');
  const lead = net.get('a').raw;
  lead.proposeConfChange(remove('b'));
  const { index: x } = lead.propose(new TextEncoder().encode('x'));
  // b gets the removal but never x.
  net.filter = (m) => !(m.type === MessageType.App && m.to === 'b' && m.entries.some((e) => e.index === x));
  net.settle();
  t.same(lead.status().confState.voters, ['a']);
  t.ok(lead.status().commit >= x, 'x committed by the new majority {a}');
  t.same(net.appliedData('a'), ['x']);
  t.equal(net.get('b').storage.lastIndex(), x - 1, 'b never had x');
});
