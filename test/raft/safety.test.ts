// Safety (Raft paper section 5.4): the commit rule of 5.4.2 (Figure 8), leader completeness, and the
// Figure 3 properties checked while a seeded schedule partitions and heals a group.
import t from 'tap';
import { SeededRandom } from '../../raft/random.ts';
import { type Entry, MessageType, Role } from '../../raft/types.ts';
import { appResp, BareRaft, entriesWithTerms, storageWith } from './bare-raft.ts';
import { Network } from './network.ts';

const plain = { preVote: false, checkQuorum: false } as const;

t.test('a leader commits by counting replicas only entries of its own term', async (t) => {
  // Reference: section 5.4.2 ("Raft never commits log entries from previous terms by counting
  // replicas. Only log entries from the leader's current term are committed by counting replicas").
  const cases: { ack: number; commit: number }[] = [
    { ack: 1, commit: 0 },
    { ack: 2, commit: 0 },
    { ack: 3, commit: 3 },
  ];
  for (const c of cases) {
    const r = new BareRaft('a', storageWith(['a', 'b', 'c'], entriesWithTerms([1, 2]), { term: 2 }), plain);
    r.elect(); // term 3, its empty entry at index 3
    r.persist();
    r.step(appResp('b', 'a', 3, c.ack));
    t.equal(r.raft.raftLog.committed, c.commit, `b holds up to ${c.ack}`);
  }
});

/**
 * Figure 8 (a)–(c): s1 (term 2) gets x to s2 only; s5 (term 3) appends its own entry at that index
 * and goes down; s1 comes back in term 4 and copies x to a majority, but not its term-4 entry.
 */
function figure8(check: (ok: boolean, what: string) => void): Network {
  const ids = ['s1', 's2', 's3', 's4', 's5'];
  // One entry per append, so that x and s1's term-4 entry can be told apart on the wire.
  const net = new Network(ids, { ...plain, maxSizePerMsg: 1 });
  net.campaign('s1');
  check(net.get('s1').raw.status().term === 2, 's1 leads term 2');
  const base = net.get('s1').raw.status().lastIndex; // 5 bootstrap entries + s1's empty entry
  const xIndex = base + 1;

  // (a) x reaches s2 only.
  net.filter = (m) => !(m.type === MessageType.App && m.from === 's1' && m.to !== 's2');
  net.propose('s1', 'x');
  check(net.get('s2').storage.lastIndex() === xIndex, '(a) s2 has x');
  check(net.get('s3').storage.lastIndex() === base, '(a) s3 has not');

  // (b) s1 is down; s5 wins term 3 with s3 and s4; its entry at xIndex stays on s5.
  net.isolate('s1');
  net.filter = (m) => !(m.type === MessageType.App && m.from === 's5');
  net.campaign('s5');
  check(net.get('s5').raw.status().role === Role.Leader, '(b) s5 leads term 3');
  check(net.get('s5').storage.term(xIndex) === 3, '(b) s5 has its own entry at that index');
  net.isolate('s5');

  // (c) s1 restarts and wins a later term with s2, s3, s4; it copies x to them, but its own
  // entry of the new term is lost on the way.
  net.recover();
  net.isolate('s5');
  net.restart('s1');
  net.filter = (m) => {
    if (m.type !== MessageType.App || m.from !== 's1') return true;
    const term = net.get('s1').raw.status().term;
    const carriesOwn = m.entries.some((e) => e.term === term);
    // Deliver an append carrying s1's own entry only where it will be refused (the receiver still
    // misses x), so that back-off can bring x over.
    return !carriesOwn || net.get(m.to).storage.lastIndex() < xIndex;
  };
  for (let i = 0; i < 3 && net.get('s1').raw.status().role !== Role.Leader; i++) net.campaign('s1');
  check(net.get('s1').raw.status().role === Role.Leader, '(c) s1 leads again');
  check(net.get('s1').raw.status().term >= 4, '(c) in term 4 or later');
  for (const id of ['s2', 's3', 's4']) check(net.get(id).storage.term(xIndex) === 2, `(c) ${id} holds x`);
  return net;
}

t.test('Figure 8: an old-term entry on a majority is not committed and may be overwritten', async (t) => {
  // Reference: section 5.4.2, Figure 8 (c)–(d).
  const net = figure8((ok, what) => t.ok(ok, what));
  const xIndex = net.get('s2').storage.lastIndex();
  t.ok(net.get('s1').raw.status().commit < xIndex, 's1 does not count x as committed');
  t.same(net.appliedData('s1'), [], 'nor applies it');

  // (d) s1 goes down; s5 returns and wins with s2, s3, s4 — its log ends in term 3 > 2.
  net.recover();
  net.isolate('s1');
  net.restart('s5');
  for (let i = 0; i < 3 && net.get('s5').raw.status().role !== Role.Leader; i++) net.campaign('s5');
  t.equal(net.get('s5').raw.status().role, Role.Leader, '(d) s5 leads');
  net.propose('s5', 'y');
  for (const id of ['s2', 's3', 's4', 's5']) {
    t.equal(net.get(id).storage.term(xIndex), 3, `(d) ${id}: x overwritten by s5's entry`);
    t.same(net.appliedData(id), ['y'], `${id} never applied x`);
  }
});

t.test('Figure 8: once an entry of the leader term is on a majority, earlier entries are safe', async (t) => {
  // Reference: section 5.4.2, Figure 8 (e).
  const net = figure8((ok, what) => t.ok(ok, what));
  const xIndex = net.get('s2').storage.lastIndex();
  net.filter = undefined;
  net.tick(2, ['s1', 's2', 's3', 's4']);
  t.ok(net.get('s1').raw.status().commit > xIndex, '(e) committed with the term-4 entry');
  t.same(net.appliedData('s1'), ['x']);

  net.recover();
  net.isolate('s1');
  net.restart('s5');
  for (let i = 0; i < 3; i++) net.campaign('s5');
  t.not(net.get('s5').raw.status().role, Role.Leader, 's5 cannot win any more');
  const ticks = net.tickUntil(() => net.leader() !== undefined && net.leader()?.id !== 's1', 200, [
    's2',
    's3',
    's4',
    's5',
  ]);
  t.ok(ticks >= 0);
  const leader = net.leader()!;
  t.not(leader.id, 's5');
  net.propose(leader.id, 'y');
  for (const id of ['s2', 's3', 's4', 's5']) t.same(net.appliedData(id), ['x', 'y'], `${id} keeps x`);
});

/** Entry identity for comparisons across members. */
const key = (e: Entry): string => `${e.index}/${e.term}/${new TextDecoder().decode(e.data)}`;

t.test('random partitions never break the safety properties of Figure 3', async (t) => {
  // Reference: section 5.4, Figure 3 (Election Safety, Log Matching, Leader Completeness, State
  // Machine Safety), checked after every tick of a seeded schedule of partitions, crashes and
  // proposals.
  for (const seed of [11, 12, 13, 14]) {
    const ids = ['a', 'b', 'c', 'd', 'e'];
    const net = new Network(ids, {}, seed);
    const rnd = new SeededRandom(seed);
    const leaderOf = new Map<number, string>();
    const committed: Entry[] = []; // the one sequence every member applies a prefix of
    // For each committed entry, a term at least that of the leader that committed it: leaders of
    // later terms must hold the entry.
    const committedBy: number[] = [];
    const violations = { election: 0, stateMachine: 0, logMatching: 0, completeness: 0 };
    let proposals = 0;
    for (let tick = 0; tick < 600; tick++) {
      if (tick % 30 === 0) {
        net.recover();
        for (const id of ids) if (rnd.chance(0.25)) net.isolate(id);
        if (rnd.chance(0.3)) net.cutLink(rnd.pick(ids), rnd.pick(ids));
        if (rnd.chance(0.3)) net.restart(rnd.pick(ids)); // a crash that keeps its storage
        const lead = net.leader();
        if (lead && rnd.chance(0.3)) net.isolate(lead.id);
      }
      net.tick(1);
      const lead = net.leader();
      if (lead && rnd.chance(0.5)) {
        try {
          lead.raw.propose(new TextEncoder().encode(`p${proposals}`));
          proposals++;
          net.settle();
        } catch {
          // a leader in transfer or stepping down may refuse: fine
        }
      }
      const members = [...net.members.values()];
      const maxTerm = Math.max(...members.map((m) => m.raw.status().term));
      for (const m of members) {
        const st = m.raw.status();
        if (st.role !== Role.Leader) continue;
        const prev = leaderOf.get(st.term);
        if (prev !== undefined && prev !== m.id) violations.election++;
        leaderOf.set(st.term, m.id);
      }
      for (const m of members) {
        for (const [i, e] of m.applied.entries()) {
          const c = committed[i];
          if (c === undefined) {
            committed.push(e);
            committedBy.push(maxTerm);
          } else if (key(c) !== key(e)) violations.stateMachine++;
        }
      }
      for (let x = 0; x < members.length; x++) {
        for (let y = x + 1; y < members.length; y++) {
          const a = members[x]!.storage;
          const b = members[y]!.storage;
          let matched = false;
          for (let i = Math.min(a.lastIndex(), b.lastIndex()); i >= 1; i--) {
            const same = a.term(i) === b.term(i);
            if (matched && !same) violations.logMatching++;
            if (same) {
              matched = true;
              const [ea] = a.entries(i, i + 1, 1 << 20);
              const [eb] = b.entries(i, i + 1, 1 << 20);
              if (ea && eb && key(ea) !== key(eb)) violations.logMatching++;
            }
          }
        }
      }
      for (const m of members) {
        const st = m.raw.status();
        if (st.role !== Role.Leader) continue;
        for (const [i, e] of committed.entries()) {
          if (st.term <= committedBy[i]!) continue;
          if (e.index > m.storage.lastIndex() || m.storage.term(e.index) !== e.term) {
            violations.completeness++;
            break;
          }
        }
      }
    }
    net.recover();
    net.tick(30);
    const lead = net.leader();
    t.ok(lead, `seed ${seed}: a leader after healing`);
    if (lead) net.propose(lead.id, 'final');
    const data = net.appliedData('a');
    for (const id of ids) t.same(net.appliedData(id), data, `seed ${seed}: ${id} converged`);
    t.same(
      violations,
      { election: 0, stateMachine: 0, logMatching: 0, completeness: 0 },
      `seed ${seed}: no violation (${proposals} proposals, ${leaderOf.size} terms with a leader)`,
    );
    t.ok(data.length > 5, `seed ${seed}: progress was made (${data.length} applied)`);
  }
});
