// Log replication (Raft paper section 5.3): AppendEntries, the consistency check, back-off, commit,
// and the flow control of a pipelined leader (probe / replicate, the in-flight window, batching).
import t from 'tap';
import { NotLeaderError, ProposalDroppedError } from '../../raft/errors.ts';
import { ProgressState } from '../../raft/progress.ts';
import { type Entry, entrySize, MessageType, NONE, Role } from '../../raft/types.ts';
import { app, appResp, BareRaft, entriesWithTerms, heartbeat, storageWith } from './bare-raft.ts';
import { Network } from './network.ts';

const plain = { preVote: false, checkQuorum: false } as const;
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

/** A leader of three whose followers have acknowledged its first entry (both in replicate state). */
function replicatingLeader(): BareRaft {
  const r = BareRaft.of('a', ['a', 'b', 'c'], plain);
  r.elect();
  r.persist();
  r.step(appResp('b', 'a', 1, 1));
  r.step(appResp('c', 'a', 1, 1));
  r.apply();
  r.take();
  return r;
}

t.test('the leader appends a proposal and sends it to every follower', async (t) => {
  // Reference: section 5.3 ("The leader appends the command to its log as a new entry, then issues
  // AppendEntries RPCs in parallel to each of the other servers"; each carries the index and term
  // of the entry immediately preceding the new ones).
  const r = replicatingLeader();
  const { index, term } = r.raft.propose(enc('x'));
  t.equal(index, 2);
  t.equal(term, 1);
  const msgs = r.takeOf(MessageType.App);
  t.same(
    msgs.map((m) => [m.to, m.term, m.index, m.logTerm, m.entries.map((e) => [e.index, e.term]), m.commit]),
    [
      ['b', 1, 1, 1, [[2, 1]], 1],
      ['c', 1, 1, 1, [[2, 1]], 1],
    ],
  );
  t.same(
    r.raft.raftLog.unstableEntries().map((e) => e.index),
    [2],
    'handed to the driver for stable storage',
  );
});

t.test('an entry commits once a majority (leader included, once durable) holds it', async (t) => {
  // Reference: section 5.3 ("A log entry is committed once the leader that created the entry has
  // replicated it on a majority of the servers").
  const cases: { size: number; acks: string[]; committed: boolean }[] = [
    { size: 1, acks: [], committed: true },
    { size: 3, acks: [], committed: false },
    { size: 3, acks: ['b'], committed: true },
    { size: 3, acks: ['b', 'c'], committed: true },
    { size: 5, acks: ['b'], committed: false },
    { size: 5, acks: ['b', 'c'], committed: true },
    { size: 5, acks: ['b', 'c', 'd', 'e'], committed: true },
  ];
  for (const c of cases) {
    const ids = ['a', 'b', 'c', 'd', 'e'].slice(0, c.size);
    const r = BareRaft.of('a', ids, plain);
    r.elect();
    const { index } = r.raft.propose(enc('x'));
    r.persist();
    for (const id of c.acks) r.step(appResp(id, 'a', 1, index));
    t.equal(r.raft.raftLog.committed >= index, c.committed, `size ${c.size} acks [${c.acks}]`);
    if (c.committed) {
      t.same(
        r.apply().map((e) => e.index),
        [1, 2],
        'committed entries are handed out in order',
      );
    }
  }
});

t.test('the leader tells the followers its new commit index in the next appends', async (t) => {
  // Reference: section 5.3 ("The leader keeps track of the highest index it knows to be committed,
  // and it includes that index in future AppendEntries RPCs").
  const r = replicatingLeader();
  const { index } = r.raft.propose(enc('x'));
  r.persist();
  r.take();
  r.step(appResp('b', 'a', 1, index));
  const apps = r.takeOf(MessageType.App);
  t.same(
    apps.map((m) => [m.to, m.commit]),
    [
      ['b', index],
      ['c', index],
    ],
  );
});

t.test('committing an entry of the current term commits every entry before it', async (t) => {
  // Reference: section 5.3 ("This also commits all preceding entries in the leader's log, including
  // entries created by previous leaders").
  const log = entriesWithTerms([1, 2]);
  const r = new BareRaft('a', storageWith(['a', 'b', 'c'], log, { term: 2 }), plain);
  r.elect();
  t.equal(r.raft.term, 3);
  r.persist();
  r.step(appResp('b', 'a', 3, 3));
  t.equal(r.raft.raftLog.committed, 3);
  t.same(
    r.apply().map((e) => [e.index, e.term]),
    [
      [1, 1],
      [2, 2],
      [3, 3],
    ],
  );
});

t.test('a follower commits what the leader says is committed, within what it holds', async (t) => {
  // Reference: section 5.3 ("Once a follower learns that a log entry is committed, it applies the
  // entry to its local state machine (in log order)"); Figure 2: commitIndex = min(leaderCommit,
  // index of last new entry).
  const cases: { ents: number; commit: number; want: number }[] = [
    { ents: 1, commit: 1, want: 1 },
    { ents: 2, commit: 1, want: 1 },
    { ents: 2, commit: 2, want: 2 },
    { ents: 1, commit: 5, want: 1 },
  ];
  for (const c of cases) {
    const r = BareRaft.of('a', ['a', 'b', 'c'], plain);
    const entries = entriesWithTerms(Array.from({ length: c.ents }, () => 1));
    r.step(app('b', 'a', 1, { entries, commit: c.commit }));
    t.equal(r.raft.raftLog.committed, c.want, `${c.ents} entries, leader commit ${c.commit}`);
    r.persist();
    t.same(
      r.apply().map((e) => e.index),
      Array.from({ length: c.want }, (_, i) => i + 1),
    );
  }
  // A heartbeat carries the commit index too (bounded by what the follower holds).
  const r = BareRaft.of('a', ['a', 'b', 'c'], plain);
  r.step(app('b', 'a', 1, { entries: entriesWithTerms([1, 1, 1]) }));
  t.equal(r.raft.raftLog.committed, 0);
  r.step(heartbeat('b', 'a', 1, 2));
  t.equal(r.raft.raftLog.committed, 2);
});

t.test('a follower refuses an append whose previous entry it does not hold', async (t) => {
  // Reference: section 5.3 (the AppendEntries consistency check: "If the follower does not find an
  // entry in its log with the same index and term, then it refuses the new entries"). The
  // rejection carries a hint (the follower's last index at or below the probe whose term is at
  // most the probed term) so the leader can skip a whole term.
  const cases: { index: number; logTerm: number; want: [number, boolean, number, number] }[] = [
    // match below the commit index: answered with the commit index
    { index: 0, logTerm: 0, want: [1, false, 0, 0] },
    { index: 1, logTerm: 1, want: [1, false, 0, 0] },
    { index: 2, logTerm: 2, want: [2, false, 0, 0] },
    // term mismatch at 2: hint 1 (term 1)
    { index: 2, logTerm: 1, want: [2, true, 1, 1] },
    // beyond the log: hint is our last entry
    { index: 3, logTerm: 3, want: [3, true, 2, 2] },
  ];
  for (const c of cases) {
    const r = new BareRaft(
      'a',
      storageWith(['a', 'b', 'c'], entriesWithTerms([1, 2]), { term: 2, commit: 1 }),
      plain,
    );
    r.step(app('b', 'a', 2, { index: c.index, logTerm: c.logTerm, commit: 1 }));
    const out = r.takeOf(MessageType.AppResp);
    t.same(
      out.map((m) => [m.index, m.reject, m.rejectHint, m.logTerm]),
      [c.want],
      `append after (${c.index}, t${c.logTerm})`,
    );
  }
});

t.test('a follower deletes a conflicting suffix and appends the leader entries', async (t) => {
  // Reference: section 5.3 ("If an existing entry conflicts with a new one (same index but
  // different terms), delete the existing entry and all that follow it"; Figure 2, receiver rule 3).
  const cases: { index: number; logTerm: number; ents: number[]; want: number[]; unstable: number[] }[] = [
    { index: 2, logTerm: 2, ents: [3], want: [1, 2, 3], unstable: [3] },
    { index: 1, logTerm: 1, ents: [3, 4], want: [1, 3, 4], unstable: [3, 4] },
    { index: 0, logTerm: 0, ents: [1], want: [1, 2], unstable: [] },
    { index: 0, logTerm: 0, ents: [3], want: [3], unstable: [3] },
  ];
  for (const c of cases) {
    const r = new BareRaft('a', storageWith(['a', 'b', 'c'], entriesWithTerms([1, 2]), { term: 2 }), plain);
    const entries = entriesWithTerms(c.ents, c.index + 1);
    r.step(app('b', 'a', 4, { index: c.index, logTerm: c.logTerm, entries }));
    t.same(
      r.logTerms().map(([, term]) => term),
      c.want,
      `append ${c.ents} after (${c.index}, t${c.logTerm})`,
    );
    t.same(
      r.raft.raftLog.unstableEntries().map((e) => e.term),
      c.unstable,
      'only the new part is handed out for storage',
    );
    r.persist();
    t.equal(r.storage.lastIndex(), c.want.length, 'storage drops the conflicting suffix');
    t.same(
      Array.from({ length: c.want.length }, (_, i) => r.storage.term(i + 1)),
      c.want,
    );
  }
});

t.test('an append older than the follower commit is answered with its commit index', async (t) => {
  // Reference: section 5.3 (a delayed, duplicated AppendEntries must not undo anything).
  const r = new BareRaft(
    'a',
    storageWith(['a', 'b', 'c'], entriesWithTerms([1, 1, 1]), { term: 1, commit: 3 }),
    plain,
  );
  r.step(app('b', 'a', 1, { index: 1, logTerm: 1, entries: entriesWithTerms([1], 2) }));
  const out = r.takeOf(MessageType.AppResp);
  t.same(
    out.map((m) => [m.index, m.reject]),
    [[3, false]],
  );
  t.equal(r.raft.raftLog.lastIndex(), 3);
});

t.test('the leader brings a follower log of any shape to its own (Figure 7)', async (t) => {
  // Reference: section 5.3 ("the leader handles inconsistencies by forcing the followers' logs to
  // duplicate its own"), Figure 7 logs (a)–(f).
  const leaderLog = [1, 1, 1, 4, 4, 5, 5, 6, 6, 6];
  const followers = [
    [1, 1, 1, 4, 4, 5, 5, 6, 6],
    [1, 1, 1, 4],
    [1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 6],
    [1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 7, 7],
    [1, 1, 1, 4, 4, 4, 4],
    [1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3],
  ];
  for (const [i, fl] of followers.entries()) {
    const net = new Network(['a', 'b', 'c'], plain, 1, (id) => {
      if (id === 'a') return storageWith(['a', 'b', 'c'], entriesWithTerms(leaderLog), { term: 8 });
      if (id === 'b') return storageWith(['a', 'b', 'c'], entriesWithTerms(fl), { term: 7 });
      return storageWith(['a', 'b', 'c'], [], {});
    });
    net.campaign('a'); // c's vote suffices
    t.equal(net.leader()?.id, 'a', `case ${i}: a leads`);
    net.propose('a', 'x');
    const terms = (id: string): number[] => {
      const s = net.get(id).storage;
      return Array.from({ length: s.lastIndex() }, (_, k) => s.term(k + 1));
    };
    t.same(terms('b'), [...leaderLog, 9, 9], `case ${i}: follower log = leader log`);
    t.same(terms('a'), [...leaderLog, 9, 9]);
  }
});

t.test('back-off over a long divergent log takes round trips per term, not per entry', async (t) => {
  // Reference: section 5.3, last paragraphs ("the follower can include the term of the conflicting
  // entry and the first index it stores for that term ... one AppendEntries RPC will be required
  // for each term with conflicting entries, rather than one RPC per entry").
  const per = 100;
  const span = (term: number): number[] => Array.from({ length: per }, () => term);
  const leaderLog = [1, ...span(6), ...span(6), ...span(7), ...span(7)];
  const followerLog = [1, ...span(2), ...span(3), ...span(4), ...span(5)];
  const net = new Network(['a', 'b', 'c'], plain, 1, (id) =>
    id === 'b'
      ? storageWith(['a', 'b', 'c'], entriesWithTerms(followerLog), { term: 5, commit: 1 })
      : storageWith(['a', 'b', 'c'], entriesWithTerms(leaderLog), { term: 7, commit: 1 }),
  );
  net.campaign('a');
  t.equal(net.leader()?.id, 'a');
  const rejections = net.deliveredOf(MessageType.AppResp, 'b', 'a').filter((m) => m.reject).length;
  const apps = net.deliveredOf(MessageType.App, 'a', 'b').length;
  t.ok(rejections >= 1, `the divergence was detected (${rejections} rejections)`);
  t.ok(rejections <= 5, `${rejections} rejections for 4 divergent terms and ${4 * per} divergent entries`);
  t.ok(apps <= 10, `${apps} appends to reconcile and ship the log`);
  const s = net.get('b').storage;
  t.equal(s.lastIndex(), leaderLog.length + 1);
  t.equal(s.term(2), 6);
  t.equal(s.term(leaderLog.length + 1), 8);
  t.equal(net.get('b').raw.status().commit, leaderLog.length + 1);
});

t.test('followers converge on the leader commit index', async (t) => {
  // Reference: section 5.3.
  const net = new Network(['a', 'b', 'c']);
  net.campaign('a');
  for (let i = 0; i < 10; i++) net.propose('a', `v${i}`);
  const commit = net.get('a').raw.status().commit;
  t.equal(commit, 3 + 1 + 10);
  for (const id of ['b', 'c']) {
    t.equal(net.get(id).raw.status().commit, commit, `${id} commit`);
    t.same(
      net.appliedData(id),
      Array.from({ length: 10 }, (_, i) => `v${i}`),
    );
  }
});

t.test('in replicate state at most maxInflightMsgs appends are in flight to a follower', async (t) => {
  // Reference: thesis section 10.2.1 (pipelining AppendEntries); flow control in etcd-io/raft.
  const net = new Network(['a', 'b', 'c'], { maxInflightMsgs: 3 });
  net.campaign('a');
  const lead = net.get('a');
  t.equal(lead.raw.status().progress?.get('b')?.state, ProgressState.Replicate);
  net.hold = (m) => m.type === MessageType.AppResp;
  const before = net.deliveredOf(MessageType.App, 'a', 'b').length;
  for (let i = 0; i < 10; i++) net.propose('a', `v${i}`);
  const sent = (): Entry[][] =>
    net
      .deliveredOf(MessageType.App, 'a', 'b')
      .slice(before)
      .map((m) => [...m.entries]);
  t.equal(sent().length, 3, 'three appends, then the window is full');
  t.same(
    sent().map((es) => es.map((e) => e.index)),
    [[5], [6], [7]],
  );
  t.equal(lead.raw.status().progress?.get('b')?.inflight, 3);
  t.equal(lead.raw.status().progress?.get('b')?.next, 8, 'entries 8.. wait for a free slot');

  // One acknowledgement frees one slot (and all entries waiting go in that one message).
  net.hold = undefined;
  const ack = net.held.find((m) => m.from === 'b');
  t.ok(ack, 'b acknowledged the first append');
  net.hold = (m) => m.type === MessageType.AppResp && m.from === 'b';
  net.releaseHeld((m) => m === ack);
  t.same(
    sent()
      .slice(3)
      .filter((es) => es.length > 0)
      .map((es) => es.map((e) => e.index)),
    [[8, 9, 10, 11, 12, 13, 14]],
    'the rest in one append once a slot is free',
  );

  net.hold = undefined;
  net.releaseHeld();
  net.tick(1);
  t.equal(lead.raw.status().progress?.get('b')?.inflight, 0);
  t.equal(net.get('b').raw.status().commit, 14);
  t.same(
    net.appliedData('b'),
    Array.from({ length: 10 }, (_, i) => `v${i}`),
  );
});

t.test('in probe state the leader sends one append and waits for its answer', async (t) => {
  // Reference: etcd-io/raft flow control (probe state): until the follower's position is known,
  // one AppendEntries at a time.
  const r = new BareRaft('a', storageWith(['a', 'b', 'c'], entriesWithTerms([1, 1]), { term: 1 }), plain);
  r.elect(); // term 2; its first append (after (2, t1)) went out; both followers are probed
  r.persist();
  for (let i = 0; i < 3; i++) r.raft.propose(enc(`p${i}`)); // 4, 5, 6
  t.same(r.takeOf(MessageType.App), [], 'nothing more while the probe is unanswered');
  t.equal(r.raft.prs.progress.get('b')?.state, ProgressState.Probe);

  // A rejection lets the next probe go: exactly one, from the hinted index.
  r.step(appResp('b', 'a', 2, 2, { reject: true, rejectHint: 1, logTerm: 1 }));
  t.same(
    r.takeOf(MessageType.App).map((m) => [m.to, m.index, m.entries.length]),
    [['b', 1, 5]],
    'one append after the hinted entry 1',
  );
  t.equal(r.raft.prs.progress.get('b')?.state, ProgressState.Probe);
  r.raft.propose(enc('p3')); // 7
  t.same(
    r.takeOf(MessageType.App).filter((m) => m.to === 'b'),
    [],
  );

  // A success moves the follower to replicate; the waiting entry follows at once, then appends
  // flow without waiting.
  r.step(appResp('b', 'a', 2, 6));
  t.equal(r.raft.prs.progress.get('b')?.state, ProgressState.Replicate);
  t.same(
    r
      .takeOf(MessageType.App)
      .filter((m) => m.entries.length > 0)
      .map((m) => [m.to, m.entries.map((e) => e.index)]),
    [['b', [7]]],
  );
  r.raft.propose(enc('p4'));
  r.raft.propose(enc('p5'));
  t.same(
    r
      .takeOf(MessageType.App)
      .filter((m) => m.to === 'b')
      .map((m) => m.entries.map((e) => e.index)),
    [[8, 9]],
    'proposals made before the next Ready share one append',
  );

  // A heartbeat response re-arms the probe of the silent follower c: one more append, no more.
  r.step({ type: MessageType.HeartbeatResp, from: 'c', to: 'a', term: 2, ctx: '' });
  t.equal(r.takeOf(MessageType.App).filter((m) => m.to === 'c').length, 1);
  r.raft.propose(enc('p6'));
  t.equal(r.takeOf(MessageType.App).filter((m) => m.to === 'c').length, 0);
});

t.test('a follower that is behind catches up in appends bounded by maxSizePerMsg', async (t) => {
  // Reference: section 5.3; batching of AppendEntries (thesis 10.2.1).
  const maxSizePerMsg = 1024;
  const net = new Network(['a', 'b', 'c'], { maxSizePerMsg });
  net.campaign('a');
  net.isolate('c');
  const payload = 'x'.repeat(40);
  for (let i = 0; i < 100; i++) net.propose('a', `${payload}${i}`);
  net.recover();
  const before = net.deliveredOf(MessageType.App, 'a', 'c').length;
  net.tick(2);
  const apps = net
    .deliveredOf(MessageType.App, 'a', 'c')
    .slice(before)
    .filter((m) => m.entries.length > 0);
  let total = 0;
  for (const m of apps) {
    const size = m.entries.reduce((s, e) => s + entrySize(e), 0);
    total += size;
    t.ok(size <= maxSizePerMsg || m.entries.length === 1, `an append of ${size} bytes`);
  }
  t.ok(
    apps.length <= Math.ceil(total / (maxSizePerMsg - 100)) + 1,
    `${apps.length} appends for ${total} bytes`,
  );
  t.equal(net.appliedData('c').length, 100);
});

t.test('proposals made between two Readies go out batched, not one append per proposal', async (t) => {
  // Reference: thesis section 10.2.1 (batching); DESIGN.md "log replication with batching".
  const maxSizePerMsg = 1024;
  const net = new Network(['a', 'b', 'c'], { maxSizePerMsg });
  net.campaign('a');
  const lead = net.get('a');
  const before = net.deliveredOf(MessageType.App, 'a', 'b').length;
  let total = 0;
  for (let i = 0; i < 100; i++) {
    const data = enc(`proposal-${i}`.padEnd(40, '.'));
    total += data.byteLength + 24;
    lead.raw.propose(data);
  }
  net.settle();
  const apps = net
    .deliveredOf(MessageType.App, 'a', 'b')
    .slice(before)
    .filter((m) => m.entries.length > 0);
  t.equal(net.appliedData('b').length, 100);
  t.ok(
    apps.length <= Math.ceil(total / maxSizePerMsg) + 1,
    `${apps.length} appends for ${total} bytes (bound ${Math.ceil(total / maxSizePerMsg) + 1})`,
  );
});

t.test('a follower whose in-flight appends were all lost recovers', async (t) => {
  // Reference: section 5.3 ("If followers crash or run slowly, or if network packets are lost, the
  // leader retries AppendEntries RPCs indefinitely until all followers eventually store all log
  // entries").
  const net = new Network(['a', 'b', 'c'], { maxInflightMsgs: 4 });
  net.campaign('a');
  net.filter = (m) => !(m.type === MessageType.App && m.to === 'c');
  for (let i = 0; i < 10; i++) net.propose('a', `v${i}`);
  t.equal(net.get('a').raw.status().progress?.get('c')?.inflight, 4, 'window full of lost appends');
  net.filter = undefined;
  net.tick(30);
  t.equal(net.appliedData('c').length, 10, 'c catches up after the loss');
});

t.test('a lost append is retried after the next heartbeat response', async (t) => {
  // Reference: section 5.3 (the leader retries AppendEntries indefinitely).
  const net = new Network(['a', 'b', 'c']);
  net.campaign('a');
  net.drop(MessageType.App, 2); // the first appends to b and c after the election
  net.propose('a', 'x');
  t.same(net.appliedData('a'), [], 'not committed: both appends lost');
  net.tick(1);
  t.same(net.appliedData('a'), ['x']);
  t.same(net.appliedData('b'), ['x']);
  t.same(net.appliedData('c'), ['x']);
});

t.test('proposals to a follower are refused with the leader named', async (t) => {
  // Reference: section 8 ("If the client contacts a follower, the follower will reject the request
  // and supply information about the most recent leader it has heard from").
  const net = new Network(['a', 'b', 'c']);
  t.throws(
    () => net.get('b').raw.propose(enc('x')),
    { name: 'NotLeaderError', leader: NONE, nodeId: 'b' },
    'no leader yet',
  );
  net.campaign('a');
  let caught: unknown;
  try {
    net.get('b').raw.propose(enc('x'));
  } catch (err) {
    caught = err;
  }
  t.ok(caught instanceof NotLeaderError);
  if (caught instanceof NotLeaderError) {
    t.equal(caught.leader, 'a');
    t.equal(caught.nodeId, 'b');
    t.equal(caught.term, 2);
    t.match(caught.message, /leader is a/);
  }
  t.equal(net.get('b').raw.status().lastIndex, net.get('a').raw.status().lastIndex, 'nothing appended');
  net.get('a').raw.campaign(); // no-op for a leader
  t.equal(net.get('a').raw.status().role, Role.Leader);
});

t.test('a leader refuses proposals beyond maxUncommittedEntriesSize', async (t) => {
  // Reference: etcd-io/raft MaxUncommittedEntriesSize (bounded memory while a quorum is away).
  const net = new Network(['a', 'b', 'c'], { maxUncommittedEntriesSize: 200 });
  net.campaign('a');
  net.isolate('b');
  net.isolate('c');
  let accepted = 0;
  let dropped: unknown;
  for (let i = 0; i < 20 && dropped === undefined; i++) {
    try {
      net.propose('a', 'y'.repeat(40));
      accepted++;
    } catch (err) {
      dropped = err;
    }
  }
  t.ok(dropped instanceof ProposalDroppedError, 'refused once the budget is spent');
  t.equal(accepted, 3, '3 × 64 bytes fit in 200');
  net.recover();
  net.tick(2);
  t.equal(net.appliedData('a').length, 3);
  net.propose('a', 'z'); // budget released by the commit
  t.equal(net.appliedData('b').length, 4);
});

t.test("a deposed leader's uncommitted entries are replaced by the new leader's", async (t) => {
  // Reference: section 5.3 (Figure 7: followers may have extra uncommitted entries; the leader's log
  // wins) and section 5.4.2.
  const net = new Network(['a', 'b', 'c'], { checkQuorum: false });
  net.campaign('a');
  net.propose('a', 'x');
  net.isolate('a');
  net.propose('a', 'lost-1');
  net.propose('a', 'lost-2');
  const ticks = net.tickUntil(() => (net.leader()?.id ?? 'a') !== 'a', 100, ['b', 'c']);
  t.ok(ticks >= 0);
  const lead = net.leader()!;
  net.propose(lead.id, 'y');
  net.recover();
  net.tick(2);
  t.not(net.get('a').raw.status().role, Role.Leader, 'a stepped down on seeing the new term');
  for (const id of ['a', 'b', 'c'])
    t.same(net.appliedData(id), ['x', 'y'], `${id}: the lost entries never applied`);
  t.equal(net.get('a').storage.lastIndex(), net.get(lead.id).storage.lastIndex(), "a's log was truncated");
});
