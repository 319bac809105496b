// Leader election (Raft paper section 5.2, with the up-to-date check of 5.4.1), message by message.
import t from 'tap';
import { MessageType, Role } from '../../raft/types.ts';
import { app, BareRaft, entriesWithTerms, heartbeat, storageWith, vote, voteResp } from './bare-raft.ts';
import { Network } from './network.ts';

const plain = { preVote: false, checkQuorum: false } as const;

t.test('a member starts as a follower with the persisted term', async (t) => {
  // Reference: section 5.2 ("When servers start up, they begin as followers").
  const r = new BareRaft('a', storageWith(['a', 'b', 'c'], [], { term: 3, vote: 'b' }), plain);
  t.equal(r.raft.role, Role.Follower);
  t.equal(r.raft.term, 3);
  t.equal(r.raft.vote, 'b');
  t.equal(r.raft.lead, '');
});

t.test('any role adopts a higher term seen in a message and becomes follower', async (t) => {
  // Reference: section 5.1 ("If a server's current term is smaller than the other's, it updates its
  // current term to the larger value. If a candidate or leader discovers that its term is out of
  // date, it immediately reverts to follower state.")
  for (const role of [Role.Follower, Role.Candidate, Role.Leader]) {
    const r = BareRaft.of('a', ['a', 'b', 'c'], plain);
    if (role === Role.Candidate) r.raft.campaign();
    if (role === Role.Leader) r.elect();
    t.equal(r.raft.role, role, `${role} set up`);
    const before = r.raft.term;
    r.step(app('b', 'a', before + 5));
    t.equal(r.raft.role, Role.Follower, `${role} → follower`);
    t.equal(r.raft.term, before + 5, `${role} takes the new term`);
    t.equal(r.raft.lead, 'b', `${role} learns the leader from its append`);
    t.equal(r.raft.vote, '', `${role} has not voted in the new term`);
  }
});

t.test('a leader that sees a higher term in a vote response steps down', async (t) => {
  // Reference: section 5.1.
  const r = BareRaft.of('a', ['a', 'b', 'c'], plain);
  r.elect();
  t.equal(r.raft.role, Role.Leader);
  r.step(voteResp('c', 'a', r.raft.term + 1, true));
  t.equal(r.raft.role, Role.Follower);
  t.equal(r.raft.term, 2);
  t.equal(r.raft.lead, '', 'a vote response names no leader');
});

t.test('a message from a stale term is ignored', async (t) => {
  // Reference: section 5.1 ("If a server receives a request with a stale term number, it rejects
  // the request.")
  const r = new BareRaft('a', storageWith(['a', 'b', 'c'], [], { term: 2 }), plain);
  r.step(app('b', 'a', 1, { entries: entriesWithTerms([1]), commit: 1 }));
  t.equal(r.raft.term, 2);
  t.equal(r.raft.lead, '', 'the stale sender is not taken as leader');
  t.equal(r.raft.raftLog.lastIndex(), 0, 'nothing appended');
  t.same(r.take(), [], 'no answer without check-quorum or pre-vote');

  // With check-quorum the stale leader is told the newer term so that it steps down.
  const q = new BareRaft('a', storageWith(['a', 'b', 'c'], [], { term: 2 }), { checkQuorum: true });
  q.step(heartbeat('b', 'a', 1));
  const out = q.take();
  t.equal(out.length, 1);
  t.equal(out[0]?.type, MessageType.AppResp);
  t.equal(out[0]?.term, 2, 'answer carries the newer term');
});

t.test('a follower that hears nothing starts an election', async (t) => {
  // Reference: section 5.2 ("If a follower receives no communication over a period of time called
  // the election timeout, then it assumes there is no viable leader and begins an election"):
  // it increments its term, votes for itself and sends RequestVote to every other server.
  const r = new BareRaft('a', storageWith(['a', 'b', 'c'], entriesWithTerms([1, 2]), { term: 2 }), {
    ...plain,
    electionTick: 10,
  });
  // The timeout is below 2*electionTick, and a second one cannot fit in the remaining ticks.
  r.tick(2 * 10 - 1);
  t.equal(r.raft.role, Role.Candidate);
  t.equal(r.raft.term, 3);
  t.equal(r.raft.vote, 'a');
  const votes = r.takeOf(MessageType.Vote);
  t.same(
    votes.map((m) => [m.to, m.term, m.index, m.logTerm, m.force]),
    [
      ['b', 3, 2, 2, false],
      ['c', 3, 2, 2, false],
    ],
    'vote requests carry the last log index and term (section 5.4.1)',
  );
});

t.test('a follower that keeps hearing from its leader never campaigns', async (t) => {
  // Reference: section 5.2 ("A server remains in follower state as long as it receives valid RPCs").
  const r = BareRaft.of('a', ['a', 'b', 'c'], { ...plain, electionTick: 10 });
  r.step(heartbeat('b', 'a', 1));
  for (let i = 0; i < 100; i++) {
    r.tick();
    r.step(heartbeat('b', 'a', 1));
  }
  t.equal(r.raft.role, Role.Follower);
  t.equal(r.raft.term, 1);
  t.same(
    r.take().filter((m) => m.type === MessageType.Vote),
    [],
  );
});

for (const role of [Role.Follower, Role.Candidate]) {
  t.test(`${role} election timeout is randomized in [electionTick, 2*electionTick)`, async (t) => {
    // Reference: section 5.2 ("Raft uses randomized election timeouts ... chosen randomly from a
    // fixed interval").
    const et = 10;
    const r = BareRaft.of('a', ['a', 'b', 'c'], { ...plain, electionTick: et, seed: 7 });
    const seen = new Set<number>();
    for (let round = 0; round < 50 * et; round++) {
      if (role === Role.Follower) r.raft.becomeFollower(r.raft.term + 1, 'b');
      else r.raft.campaign();
      r.take();
      let ticks = 0;
      while (r.take().length === 0) {
        r.tick();
        ticks++;
        if (ticks > 10 * et) break;
      }
      seen.add(ticks);
    }
    const sorted = [...seen].sort((a, b) => a - b);
    t.same(
      sorted,
      Array.from({ length: et }, (_, i) => et + i),
      'every timeout in [et, 2et) occurs, none outside',
    );
  });
}

t.test('followers rarely time out at the same tick', async (t) => {
  // Reference: section 5.2 (randomization "spreads out the servers so that in most cases only a
  // single server will time out").
  const ids = ['a', 'b', 'c', 'd', 'e'];
  const rs = ids.map((id, i) => BareRaft.of(id, ids, { ...plain, electionTick: 10, seed: 100 + i }));
  let conflicts = 0;
  const rounds = 1000;
  for (let round = 0; round < rounds; round++) {
    for (const r of rs) {
      r.raft.becomeFollower(r.raft.term + 1, '');
      r.take();
    }
    let timedOut = 0;
    while (timedOut === 0) {
      for (const r of rs) {
        r.tick();
        if (r.take().length > 0) timedOut++;
      }
    }
    if (timedOut > 1) conflicts++;
  }
  t.ok(conflicts / rounds <= 0.3, `conflict rate ${conflicts / rounds} ≤ 0.3`);
});

t.test('a candidate wins with votes from a majority, loses on rejections from one', async (t) => {
  // Reference: section 5.2 ("A candidate wins an election if it receives votes from a majority of
  // the servers in the full cluster for the same term").
  const cases: { size: number; votes: Record<string, boolean>; want: Role }[] = [
    { size: 1, votes: {}, want: Role.Leader },
    { size: 3, votes: { b: true, c: true }, want: Role.Leader },
    { size: 3, votes: { b: true }, want: Role.Leader },
    { size: 5, votes: { b: true, c: true, d: true, e: true }, want: Role.Leader },
    { size: 5, votes: { b: true, c: true, d: true }, want: Role.Leader },
    { size: 5, votes: { b: true, c: true }, want: Role.Leader },
    { size: 3, votes: {}, want: Role.Candidate },
    { size: 5, votes: { b: true }, want: Role.Candidate },
    { size: 5, votes: { b: true, c: false }, want: Role.Candidate },
    { size: 3, votes: { b: false, c: false }, want: Role.Follower },
    { size: 5, votes: { b: false, c: false, d: false }, want: Role.Follower },
    { size: 5, votes: { b: true, c: false, d: false, e: false }, want: Role.Follower },
  ];
  for (const c of cases) {
    const ids = ['a', 'b', 'c', 'd', 'e'].slice(0, c.size);
    const r = BareRaft.of('a', ids, plain);
    r.raft.campaign();
    for (const [from, granted] of Object.entries(c.votes)) r.step(voteResp(from, 'a', 1, !granted));
    t.equal(r.raft.role, c.want, `size ${c.size} votes ${JSON.stringify(c.votes)}`);
    t.equal(r.raft.term, 1, 'the election term is kept either way');
  }
});

t.test('a follower votes at most once per term, first come first served', async (t) => {
  // Reference: section 5.2 ("Each server will vote for at most one candidate in a given term, on a
  // first-come-first-served basis").
  const cases: { voted: string; from: string; reject: boolean }[] = [
    { voted: '', from: 'b', reject: false },
    { voted: '', from: 'c', reject: false },
    { voted: 'b', from: 'b', reject: false },
    { voted: 'c', from: 'c', reject: false },
    { voted: 'b', from: 'c', reject: true },
    { voted: 'c', from: 'b', reject: true },
  ];
  for (const c of cases) {
    const r = new BareRaft('a', storageWith(['a', 'b', 'c'], [], { term: 1, vote: c.voted }), plain);
    r.step(vote(c.from, 'a', 1));
    const out = r.takeOf(MessageType.VoteResp);
    t.same(
      out.map((m) => [m.to, m.term, m.reject]),
      [[c.from, 1, c.reject]],
      `voted '${c.voted}', asked by ${c.from}`,
    );
    t.equal(r.raft.vote, c.voted === '' ? c.from : c.voted, 'vote recorded');
  }
});

t.test('a vote survives a restart: the same term cannot get a second vote', async (t) => {
  // Reference: section 5.2 / Figure 2 (votedFor is persistent state).
  const net = new Network(['a', 'b', 'c'], plain);
  net.filter = (m) => !(m.type === MessageType.VoteResp && m.to === 'a'); // a never learns it won
  net.campaign('a');
  t.equal(net.get('b').raw.status().vote, 'a');
  net.restart('b');
  t.equal(net.get('b').raw.status().vote, 'a', 'vote reloaded from storage');
  t.equal(net.get('b').raw.status().term, 2);
  // Another candidate of term 2, with a log better than anyone's.
  net.get('b').raw.step(vote('c', 'b', 2, { index: 10, logTerm: 5 }));
  net.filter = undefined;
  net.settle();
  const answers = net.deliveredOf(MessageType.VoteResp, 'b', 'c');
  t.equal(answers.length, 1);
  t.equal(answers[0]?.reject, true, 'second candidate of term 2 rejected');
});

t.test('a candidate returns to follower when a leader of its term appears', async (t) => {
  // Reference: section 5.2 ("If the leader's term ... is at least as large as the candidate's
  // current term, then the candidate recognizes the leader as legitimate and returns to follower").
  for (const termDelta of [0, 1]) {
    const r = BareRaft.of('a', ['a', 'b', 'c'], plain);
    r.raft.campaign();
    t.equal(r.raft.role, Role.Candidate);
    const term = r.raft.term + termDelta;
    r.step(app('b', 'a', term));
    t.equal(r.raft.role, Role.Follower, `leader at term +${termDelta}`);
    t.equal(r.raft.term, term);
    t.equal(r.raft.lead, 'b');
  }
});

t.test('a candidate without a majority starts a new election in a new term on timeout', async (t) => {
  // Reference: section 5.2 ("each candidate will time out and start a new election by incrementing
  // its term and initiating another round of RequestVote RPCs").
  const r = BareRaft.of('a', ['a', 'b', 'c', 'd', 'e'], { ...plain, electionTick: 10 });
  r.raft.campaign();
  r.step(voteResp('b', 'a', 1, false)); // two of five: undecided
  r.take();
  t.equal(r.raft.role, Role.Candidate);
  r.tick(2 * 10 - 1);
  t.equal(r.raft.role, Role.Candidate);
  t.equal(r.raft.term, 2, 'new term');
  t.equal(r.raft.vote, 'a');
  t.equal(r.takeOf(MessageType.Vote).length, 4, 'a new round of vote requests');
});

t.test('a split vote is resolved by a later election', async (t) => {
  // Reference: section 5.2 (split votes and randomized timeouts).
  const net = new Network(['a', 'b', 'c', 'd'], plain, 3);
  // c only hears a, d only hears b: each candidate gets exactly two of four votes.
  net.cutLink('b', 'c');
  net.cutLink('a', 'd');
  net.get('a').raw.campaign();
  net.get('b').raw.campaign();
  net.settle();
  t.equal(net.get('a').raw.status().role, Role.Candidate);
  t.equal(net.get('b').raw.status().role, Role.Candidate);
  t.equal(net.get('c').raw.status().vote, 'a');
  t.equal(net.get('d').raw.status().vote, 'b');
  t.equal(net.leader(), undefined, 'nobody won term 2');

  net.recover();
  const ticks = net.tickUntil(() => net.leader() !== undefined, 100);
  t.ok(ticks >= 0, `a leader emerges (${ticks} ticks)`);
  const leader = net.leader()!;
  t.ok(leader.raw.status().term >= 3, 'in a later term');
  for (const m of net.members.values()) {
    t.equal(m.raw.status().leader, leader.id, `${m.id} follows ${leader.id}`);
  }
  t.equal([...net.members.values()].filter((m) => m.raw.status().role === Role.Leader).length, 1);
});

t.test('a voter rejects a candidate whose log is less up to date', async (t) => {
  // Reference: section 5.4.1 ("If the logs have last entries with different terms, then the log
  // with the later term is more up-to-date. If the logs end with the same term, then whichever log
  // is longer is more up-to-date.")
  const cases: { log: number[]; index: number; logTerm: number; reject: boolean }[] = [
    // Same last term: the longer (or equal) log wins.
    { log: [1, 1], index: 2, logTerm: 1, reject: false },
    { log: [1, 1], index: 3, logTerm: 1, reject: false },
    { log: [1, 1], index: 1, logTerm: 1, reject: true },
    // A later last term wins whatever the length.
    { log: [1, 1], index: 1, logTerm: 2, reject: false },
    { log: [1, 2], index: 2, logTerm: 3, reject: false },
    { log: [1, 2], index: 1, logTerm: 3, reject: false },
    // An earlier last term loses whatever the length.
    { log: [1, 2], index: 2, logTerm: 1, reject: true },
    { log: [1, 2], index: 3, logTerm: 1, reject: true },
    { log: [1, 2], index: 100, logTerm: 1, reject: true },
    { log: [1, 2], index: 1, logTerm: 2, reject: true },
    { log: [1, 2], index: 0, logTerm: 0, reject: true },
  ];
  for (const c of cases) {
    const r = new BareRaft('a', storageWith(['a', 'b', 'c'], entriesWithTerms(c.log), { term: 2 }), plain);
    r.step(vote('b', 'a', 3, { index: c.index, logTerm: c.logTerm }));
    const out = r.takeOf(MessageType.VoteResp);
    t.equal(out.length, 1);
    t.equal(out[0]?.reject, c.reject, `log ${c.log} vs candidate (${c.index}, t${c.logTerm})`);
    t.equal(r.raft.vote, c.reject ? '' : 'b');
    t.equal(r.raft.term, 3, 'the term is adopted even when the vote is refused');
  }
});

t.test('a member whose log lacks committed entries cannot become leader', async (t) => {
  // Reference: section 5.4.1 (the election restriction) — with 5 members, d and e miss two
  // committed entries and cannot gather a majority of up-to-date voters.
  const net = new Network(['a', 'b', 'c', 'd', 'e'], plain, 4);
  net.campaign('a');
  net.isolate('d');
  net.isolate('e');
  net.propose('a', 'x');
  net.propose('a', 'y');
  t.same(net.appliedData('a'), ['x', 'y'], 'committed by a, b, c');
  net.recover();
  net.isolate('a');
  net.campaign('d');
  t.not(net.get('d').raw.status().role, Role.Leader, 'd loses: b and c refuse it');
  const ticks = net.tickUntil(
    () => {
      const l = net.leader();
      return l !== undefined && l.id !== 'a';
    },
    200,
    ['b', 'c', 'd', 'e'],
  );
  t.ok(ticks >= 0, 'someone else wins');
  const leader = net.leader()!;
  t.ok(['b', 'c'].includes(leader.id), `the new leader ${leader.id} is one that holds x and y`);
  net.propose(leader.id, 'z');
  for (const id of ['b', 'c', 'd', 'e']) t.same(net.appliedData(id), ['x', 'y', 'z'], id);
});

t.test('the leader sends heartbeats every heartbeatTick', async (t) => {
  // Reference: section 5.2 ("Leaders send periodic heartbeats ... to all followers").
  const r = BareRaft.of('a', ['a', 'b', 'c'], { ...plain, electionTick: 10, heartbeatTick: 3 });
  r.elect();
  r.tick(2);
  t.same(r.takeOf(MessageType.Heartbeat), [], 'not before heartbeatTick');
  r.tick();
  t.same(
    r.takeOf(MessageType.Heartbeat).map((m) => [m.to, m.term, m.commit]),
    [
      ['b', 1, 0],
      ['c', 1, 0],
    ],
  );
  r.tick(3);
  t.equal(r.takeOf(MessageType.Heartbeat).length, 2, 'and again');
});

t.test('a group started from scratch elects exactly one leader on timeouts alone', async (t) => {
  // Reference: section 5.2.
  for (const seed of [1, 2, 3, 4, 5]) {
    const net = new Network(['a', 'b', 'c', 'd', 'e'], {}, seed);
    const ticks = net.tickUntil(() => net.leader() !== undefined, 100);
    t.ok(ticks >= 10 && ticks < 40, `seed ${seed}: leader after ${ticks} ticks`);
    const leaders = [...net.members.values()].filter((m) => m.raw.status().role === Role.Leader);
    t.equal(leaders.length, 1);
    for (const m of net.members.values()) t.equal(m.raw.status().leader, leaders[0]?.id);
  }
});
