// RawNode: the Ready/advance contract, and the durability rule that a leader counts its own log
// toward a commit only once the Ready that carried it has been persisted and advanced.
import t from 'tap';
import type { MemoryStorage } from '../../raft/memory-storage.ts';
import { SeededRandom } from '../../raft/random.ts';
import { RawNode } from '../../raft/rawnode.ts';
import type { Ready } from '../../raft/ready.ts';
import { MessageType, Role } from '../../raft/types.ts';
import { appResp, entriesWithTerms, heartbeat, peersStorage, storageWith, voteResp } from './bare-raft.ts';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

function persist(s: MemoryStorage, rd: Ready): void {
  if (rd.hardState) s.setHardState(rd.hardState);
  if (rd.snapshot) s.applySnapshot(rd.snapshot);
  s.append(rd.entries);
}

/** Persists and advances every pending Ready; returns them. */
function drain(raw: RawNode, s: MemoryStorage): Ready[] {
  const out: Ready[] = [];
  while (raw.hasReady()) {
    const rd = raw.ready();
    persist(s, rd);
    raw.advance(rd);
    out.push(rd);
  }
  return out;
}

/** Leader a of {a, b, c} at term 1 whose empty entry (index 1) is committed and applied. */
function leader(extra: { maxCommittedSizePerReady?: number } = {}): { raw: RawNode; s: MemoryStorage } {
  const s = peersStorage(['a', 'b', 'c']);
  const raw = new RawNode({
    id: 'a',
    storage: s,
    random: new SeededRandom(1),
    preVote: false,
    checkQuorum: false,
    ...extra,
  });
  raw.campaign();
  drain(raw, s);
  raw.step(voteResp('b', 'a', 1, false));
  drain(raw, s);
  raw.step(appResp('b', 'a', 1, 1));
  drain(raw, s);
  if (raw.status().role !== Role.Leader || raw.status().commit !== 1) throw new Error('setup failed');
  return { raw, s };
}

t.test('the leader counts its own entry toward commit only after advance()', async (t) => {
  // Reference: thesis section 10.2.1 (the leader may send AppendEntries before its own disk write
  // completes, but "the leader may count itself in the majority only once its own write has
  // completed"); section 5.3 (an entry is committed once stored on a majority).
  const { raw, s } = leader();
  const { index } = raw.propose(enc('x'));
  t.equal(index, 2);
  const rd = raw.ready();
  t.same(
    rd.entries.map((e) => e.index),
    [2],
    'the entry is handed out for storage',
  );
  t.ok(
    rd.messages.some((m) => m.type === MessageType.App && m.entries.some((e) => e.index === 2)),
    'and sent to the followers in the same Ready',
  );
  t.ok(rd.mustSync);

  // b acknowledges before the leader's own write has finished.
  raw.step(appResp('b', 'a', 1, 2));
  t.equal(raw.status().commit, 1, 'one follower + an unpersisted leader is not a majority');
  t.equal(raw.hasReady(), false, 'nothing to collect while a Ready is outstanding');

  persist(s, rd);
  raw.advance(rd);
  t.equal(raw.status().commit, 2, 'committed once the leader has persisted it');
  const next = raw.ready();
  t.equal(next.hardState?.commit, 2);
  t.same(
    next.committedEntries.map((e) => e.index),
    [2],
  );
  t.equal(next.mustSync, false, 'a commit-only hard state change need not be synced');
  raw.advance(next);
});

t.test('two followers are a majority without the leader write', async (t) => {
  // Reference: section 5.3 — a majority of three is any two, whether or not the leader is one.
  const { raw } = leader();
  raw.propose(enc('x'));
  const rd = raw.ready();
  raw.step(appResp('b', 'a', 1, 2));
  raw.step(appResp('c', 'a', 1, 2));
  t.equal(raw.status().commit, 2);
  raw.advance(rd);
});

t.test('the leader counts only what was persisted when several Readies are in flight', async (t) => {
  // Reference: thesis section 10.2.1.
  const { raw, s } = leader();
  raw.propose(enc('x'));
  const rd1 = raw.ready(); // carries 2
  raw.propose(enc('y')); // 3, not yet handed out
  raw.step(appResp('b', 'a', 1, 3));
  t.equal(raw.status().commit, 1);
  persist(s, rd1);
  raw.advance(rd1);
  t.equal(raw.status().commit, 2, 'commit follows the durable prefix (2), not the acknowledged 3');
  const rd2 = raw.ready();
  t.same(
    rd2.entries.map((e) => e.index),
    [3],
  );
  persist(s, rd2);
  raw.advance(rd2);
  t.equal(raw.status().commit, 3);
});

t.test('ready() and advance() enforce their order', async (t) => {
  const { raw, s } = leader();
  raw.propose(enc('x'));
  t.ok(raw.hasReady());
  const rd = raw.ready();
  t.throws(() => raw.ready(), /before advance/);
  const { raw: other } = leader();
  other.propose(enc('y'));
  const foreign = other.ready();
  t.throws(() => raw.advance(foreign), /not outstanding/);
  persist(s, rd);
  raw.advance(rd);
  t.throws(() => raw.advance(rd), /not outstanding/, 'the same Ready cannot be advanced twice');
});

t.test('a Ready reports soft and hard state only when they change', async (t) => {
  const s = storageWith(['a', 'b', 'c'], [], { term: 1 });
  const raw = new RawNode({ id: 'a', storage: s, random: new SeededRandom(2), preVote: false });
  t.equal(raw.hasReady(), false, 'a fresh follower with nothing to do');
  raw.step(heartbeat('b', 'a', 1));
  const rd = raw.ready();
  t.same(rd.softState, { leader: 'b', role: Role.Follower }, 'learned the leader');
  t.equal(rd.hardState, undefined, 'term and vote unchanged');
  t.same(
    rd.messages.map((m) => m.type),
    [MessageType.HeartbeatResp],
  );
  t.equal(rd.mustSync, false);
  raw.advance(rd);
  raw.step(heartbeat('b', 'a', 1));
  const rd2 = raw.ready();
  t.equal(rd2.softState, undefined, 'same leader: no soft state');
  raw.advance(rd2);

  raw.step(heartbeat('c', 'a', 2));
  const rd3 = raw.ready();
  t.same(rd3.softState, { leader: 'c', role: Role.Follower });
  t.same(rd3.hardState, { term: 2, vote: '', commit: 0 });
  t.equal(rd3.mustSync, true, 'a new term must be synced before answering');
  raw.advance(rd3);
});

t.test('a vote is in the hard state of the Ready that carries the vote response', async (t) => {
  // Reference: section 5.1 / Figure 2 ("Updated on stable storage before responding to RPCs").
  const s = storageWith(['a', 'b', 'c'], [], { term: 1 });
  const raw = new RawNode({
    id: 'a',
    storage: s,
    random: new SeededRandom(2),
    preVote: false,
    checkQuorum: false,
  });
  raw.step({ type: MessageType.Vote, from: 'b', to: 'a', term: 2, index: 0, logTerm: 0, force: false });
  const rd = raw.ready();
  t.same(rd.hardState, { term: 2, vote: 'b', commit: 0 });
  t.ok(rd.mustSync);
  t.same(
    rd.messages.map((m) => [m.type, m.to]),
    [[MessageType.VoteResp, 'b']],
  );
  raw.advance(rd);
});

t.test('committed entries are handed out in Readies bounded by maxCommittedSizePerReady', async (t) => {
  const s = storageWith(['a', 'b', 'c'], entriesWithTerms(Array.from({ length: 20 }, () => 1)), {
    term: 1,
    commit: 20,
  });
  const raw = new RawNode({
    id: 'a',
    storage: s,
    random: new SeededRandom(1),
    maxCommittedSizePerReady: 100, // each entry is ~27 bytes: three per Ready
  });
  const batches: number[][] = [];
  for (const rd of drain(raw, s)) {
    if (rd.committedEntries.length > 0) batches.push(rd.committedEntries.map((e) => e.index));
  }
  t.same(
    batches.flat(),
    Array.from({ length: 20 }, (_, i) => i + 1),
    'all of them, in order, once',
  );
  t.ok(batches.length >= 5, `${batches.length} Readies`);
  for (const b of batches) t.ok(b.length >= 1 && b.length <= 4, `batch of ${b.length}`);
  t.equal(raw.status().applied, 20);
});

t.test('status shows progress only on the leader', async (t) => {
  const { raw } = leader();
  const st = raw.status();
  t.equal(st.role, Role.Leader);
  t.equal(st.leader, 'a');
  t.same([...(st.progress?.keys() ?? [])].sort(), ['a', 'b', 'c']);
  t.equal(st.progress?.get('b')?.match, 1);
  const f = new RawNode({ id: 'b', storage: peersStorage(['a', 'b', 'c']), random: new SeededRandom(1) });
  t.equal(f.status().progress, undefined);
  t.same(f.status().confState, { voters: ['a', 'b', 'c'], learners: [] });
});
