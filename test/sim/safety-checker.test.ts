// Tests of the safety checkers: each one must report a fabricated violation of its property (a checker
// that cannot fail proves nothing) and stay quiet on a legal history.
import t from 'tap';
import {
  type Entry,
  EntryType,
  type HardState,
  type Message,
  MessageType,
  Role,
  type Snapshot,
} from '../../raft/types.ts';
import type { LogReader } from './node-disk.ts';
import { SafetyChecker } from './safety-checker.ts';
import { type Property, PropertyViolation } from './sim-errors.ts';

const utf8 = new TextEncoder();

function ent(index: number, term: number, data = `e${index}t${term}`): Entry {
  return { index, term, type: EntryType.Normal, data: utf8.encode(data) };
}

/** A durable log the test controls directly. */
class FakeLog implements LogReader {
  ents: Entry[] = [];
  snapIndex = 0;
  firstIndex(): number {
    return this.ents[0]?.index ?? this.snapIndex + 1;
  }
  lastIndex(): number {
    return this.ents[this.ents.length - 1]?.index ?? this.snapIndex;
  }
  entry(i: number): Entry | undefined {
    return this.ents.find((e) => e.index === i);
  }
  term(i: number): number | undefined {
    return this.entry(i)?.term ?? (i === 0 ? 0 : undefined);
  }
}

/** A checker with nodes whose logs are FakeLogs; `append` keeps a log and the checker in step. */
function world(ids: string[] = ['n1', 'n2', 'n3']) {
  const c = new SafetyChecker();
  const logs = new Map<string, FakeLog>();
  for (const id of ids) {
    const l = new FakeLog();
    logs.set(id, l);
    c.addNode(id, l);
  }
  const append = (id: string, es: Entry[]): void => {
    const l = logs.get(id)!;
    const first = es[0]!.index;
    const prevTerm = first === 1 ? 0 : l.term(first - 1);
    const replaced = l.ents.filter((e) => e.index >= first);
    l.ents = [...l.ents.filter((e) => e.index < first), ...es];
    c.onDurableEntries(id, prevTerm, es, replaced);
  };
  const hs = (id: string, term: number, vote = '', commit = 0): void => {
    const h: HardState = { term, vote, commit };
    c.onDurableHardState(id, h);
  };
  return { c, logs, append, hs };
}

/** The property `f` reports as violated, or 'none'; anything else thrown is a test failure. */
function violated(f: () => void): Property | 'none' {
  try {
    f();
    return 'none';
  } catch (err) {
    if (err instanceof PropertyViolation) return err.property;
    throw err;
  }
}

t.test('election safety: two leaders in one term', (t) => {
  const { c } = world();
  c.observe('n1', 2, Role.Leader, 0);
  c.observe('n2', 3, Role.Leader, 0);
  c.observe('n1', 2, Role.Leader, 0);
  t.equal(
    violated(() => c.observe('n3', 3, Role.Leader, 0)),
    'election-safety',
    'n3 leads term 3 after n2',
  );
  t.end();
});

t.test('vote uniqueness and vote durability', (t) => {
  const { c, hs } = world();
  const grant = (from: string, to: string, term: number): Message => ({
    type: MessageType.VoteResp,
    from,
    to,
    term,
    reject: false,
  });
  hs('n1', 4, 'n2');
  c.onSend(grant('n1', 'n2', 4));
  c.onSend(grant('n1', 'n2', 4));
  t.equal(
    violated(() => c.onSend(grant('n1', 'n3', 4))),
    'vote-uniqueness',
    'second vote in term 4',
  );
  t.equal(
    violated(() => c.onSend(grant('n1', 'n3', 5))),
    'core-contract',
    'vote sent before it is durable',
  );
  hs('n2', 7, '');
  c.onSend(grant('n2', 'n3', 6));
  t.pass('a later durable term covers a vote of an earlier term');
  t.end();
});

t.test('an append acknowledged beyond the durable log', (t) => {
  const { c, append, hs } = world();
  hs('n2', 1);
  append('n2', [ent(1, 1), ent(2, 1)]);
  const ack = (index: number): Message => ({
    type: MessageType.AppResp,
    from: 'n2',
    to: 'n1',
    term: 1,
    index,
    reject: false,
    rejectHint: 0,
    logTerm: 0,
  });
  c.onSend(ack(2));
  t.equal(
    violated(() => c.onSend(ack(3))),
    'core-contract',
    'ack of index 3 with a durable log ending at 2',
  );
  t.end();
});

t.test('durable term, vote and commit never go back', (t) => {
  const { hs } = world();
  hs('n1', 3, 'n2', 5);
  hs('n1', 3, 'n2', 6);
  hs('n1', 4, '', 6);
  hs('n1', 4, 'n3', 6);
  t.equal(
    violated(() => hs('n1', 3, 'n3', 6)),
    'durable-state-monotonic',
    'term 4 → 3',
  );
  const w2 = world();
  w2.hs('n1', 4, 'n3', 6);
  t.equal(
    violated(() => w2.hs('n1', 4, 'n2', 6)),
    'durable-state-monotonic',
    'vote n3 → n2 in term 4',
  );
  const w3 = world();
  w3.hs('n1', 4, 'n3', 6);
  t.equal(
    violated(() => w3.hs('n1', 4, 'n3', 5)),
    'durable-state-monotonic',
    'commit 6 → 5',
  );
  t.end();
});

t.test('log matching: same index and term, different entry or different prefix', (t) => {
  const { append } = world();
  append('n1', [ent(1, 1), ent(2, 1), ent(3, 2)]);
  append('n2', [ent(1, 1), ent(2, 1), ent(3, 2)]);
  t.equal(
    violated(() => append('n3', [ent(1, 1), ent(2, 1), ent(3, 2, 'other')])),
    'log-matching',
    'different payload at 3/t2',
  );
  const w = world();
  w.append('n1', [ent(1, 1), ent(2, 1), ent(3, 2)]);
  t.equal(
    violated(() => w.append('n2', [ent(1, 1), ent(2, 2, 'x'), ent(3, 2)])),
    'log-matching',
    '3/t2 after a term-2 entry vs term-1',
  );
  t.end();
});

t.test('a committed entry is never overwritten by a leader of its commit term or later', (t) => {
  const { c, append } = world();
  c.observe('n1', 1, Role.Leader, 0);
  append('n1', [ent(1, 1), ent(2, 1)]);
  append('n3', [ent(1, 1), ent(2, 1)]);
  append('n2', [ent(1, 1)]);
  c.observe('n2', 2, Role.Leader, 0);
  append('n2', [ent(2, 2)]);
  c.observe('n1', 3, Role.Leader, 0);
  append('n1', [ent(3, 3)]);
  c.observe('n1', 3, Role.Leader, 3);
  // n2, a stale leader of term 2 that missed term 3, may still replace 2/t1 (committed in term 3) on
  // a node that has not heard of term 3 either; the leader of term 3 repairs that log later.
  append('n3', [ent(2, 2)]);
  t.pass('a stale leader of an older term may overwrite');
  t.equal(
    violated(() => append('n1', [ent(2, 4, 'newer')])),
    'committed-entry-overwritten',
    'n1 replaces 2/t1 (committed in term 3) for a term-4 entry',
  );
  t.end();
});

t.test('state-machine safety: different entries applied at one index', (t) => {
  const { c } = world();
  c.onStateRestored('n1', 0, false);
  c.onStateRestored('n2', 0, false);
  c.onApply('n1', ent(1, 1));
  c.onApply('n2', ent(1, 1));
  c.onApply('n1', ent(2, 1, 'a'));
  t.equal(
    violated(() => c.onApply('n2', ent(2, 1, 'b'))),
    'state-machine-safety',
    'n2 applies another 2/t1',
  );
  t.end();
});

t.test('state-machine safety: snapshots must agree with the log and with each other', (t) => {
  const { c } = world();
  c.onStateRestored('n1', 0, false);
  c.onApply('n1', ent(1, 1));
  c.onApply('n1', ent(2, 2));
  const snap = (index: number, term: number, data: string): Snapshot => ({
    meta: { index, term, confState: { voters: ['n1'], learners: [] } },
    data: utf8.encode(data),
  });
  c.onLocalSnapshot('n1', 2, utf8.encode('state@2'));
  c.onDurableSnapshot('n2', snap(2, 2, 'state@2'));
  t.equal(
    violated(() => c.onDurableSnapshot('n3', snap(2, 1, 'state@2'))),
    'state-machine-safety',
    'snapshot term differs from the log',
  );
  t.equal(
    violated(() => c.onDurableSnapshot('n3', snap(2, 2, 'other'))),
    'state-machine-safety',
    'snapshot state differs',
  );
  t.end();
});

t.test('apply order: no gaps, no repeats, no going back by snapshot', (t) => {
  const { c } = world();
  c.onStateRestored('n1', 0, false);
  c.onApply('n1', ent(1, 1));
  t.equal(
    violated(() => c.onApply('n1', ent(3, 1))),
    'apply-order',
    'gap',
  );
  const w = world();
  w.c.onStateRestored('n1', 0, false);
  w.c.onApply('n1', ent(1, 1));
  t.equal(
    violated(() => w.c.onApply('n1', ent(1, 1))),
    'apply-order',
    'repeat',
  );
  const w2 = world();
  w2.c.onStateRestored('n1', 5, false);
  w2.c.onApply('n1', ent(6, 1));
  t.equal(
    violated(() => w2.c.onStateRestored('n1', 4, true)),
    'apply-order',
    'older snapshot from the leader',
  );
  w2.c.onStateRestored('n1', 3, false);
  t.pass('a restart may go back to the durable snapshot');
  t.end();
});

t.test('leader completeness: a new leader without an entry committed earlier', (t) => {
  const { c, append } = world();
  c.observe('n1', 1, Role.Leader, 0);
  append('n1', [ent(1, 1), ent(2, 1)]);
  append('n2', [ent(1, 1), ent(2, 1)]);
  c.observe('n1', 1, Role.Leader, 2);
  // n3 only has entry 1, becomes leader of term 2 and makes its own entry durable at index 2.
  append('n3', [ent(1, 1)]);
  c.observe('n3', 2, Role.Leader, 1);
  t.equal(
    violated(() => append('n3', [ent(2, 2)])),
    'leader-completeness',
    'leader of term 2 lacks 2/t1',
  );
  t.end();
});

t.test('leader completeness: a commit learned after the later leader started', (t) => {
  const { c, append } = world();
  c.observe('n1', 1, Role.Leader, 0);
  append('n1', [ent(1, 1), ent(2, 1)]);
  append('n3', [ent(1, 1)]);
  c.observe('n3', 3, Role.Leader, 0);
  append('n3', [ent(2, 3)]);
  // n1, a stale leader of term 1, now learns that 2/t1 is committed: term 3's leader must hold it.
  t.equal(
    violated(() => c.observe('n1', 1, Role.Leader, 2)),
    'leader-completeness',
    'stale leader commits 2/t1',
  );
  t.end();
});

t.test('a legal run with elections, overwrites of uncommitted entries and snapshots passes', (t) => {
  const { c, append, hs } = world();
  for (const id of ['n1', 'n2', 'n3']) c.onStateRestored(id, 0, false);
  hs('n1', 1, 'n1');
  c.observe('n1', 1, Role.Leader, 0);
  append('n1', [ent(1, 1), ent(2, 1), ent(3, 1)]);
  append('n2', [ent(1, 1), ent(2, 1)]);
  c.observe('n1', 1, Role.Leader, 2);
  for (const i of [1, 2]) c.onApply('n1', ent(i, 1));
  // n2 leads term 2 (it has everything committed), overwrites n1's uncommitted 3/t1.
  c.observe('n1', 2, Role.Follower, 2);
  c.observe('n2', 2, Role.Leader, 2);
  append('n2', [ent(3, 2)]);
  append('n1', [ent(3, 2)]);
  append('n3', [ent(1, 1), ent(2, 1), ent(3, 2)]);
  c.observe('n2', 2, Role.Leader, 3);
  for (const id of ['n2', 'n3']) for (const i of [1, 2, 3]) c.onApply(id, i === 3 ? ent(3, 2) : ent(i, 1));
  c.onApply('n1', ent(3, 2));
  t.equal(c.leaderTerms(), 2);
  t.end();
});
