// Tests of the end-of-run checks: each must catch its fabricated violation, and settle unknown
// outcomes from the committed log correctly.
import t from 'tap';
import type { CommittedCommand } from './cluster.ts';
import { checkFinalState, type FinalInputs, resolveUnknown } from './final-checks.ts';
import type { KvInput, Operation } from './history.ts';
import { KvStateMachine } from './kv-state-machine.ts';
import { type Property, PropertyViolation } from './sim-errors.ts';

function replica(id: string, log: readonly KvInput[]) {
  const sm = new KvStateMachine();
  for (const i of log) sm.apply(i);
  return { id, appliedIndex: log.length, stateDigest: () => new TextDecoder().decode(sm.encode()) };
}

const put = (key: string, value: string): KvInput => ({ kind: 'put', key, value });
const app = (key: string, value: string): KvInput => ({ kind: 'append', key, value });

/** A consistent run: ops 0..2 committed at 1..3, all acknowledged. */
function base(): FinalInputs {
  const log = [put('a', '[1]'), app('a', '[2]'), app('b', '[3]')];
  const committed: (CommittedCommand | undefined)[] = [undefined];
  for (const [i, input] of log.entries())
    committed.push({ cmd: { opId: i, clientId: 1, input }, time: 10 * (i + 1) });
  const history: Operation[] = log.map((input, i) => ({
    id: i,
    clientId: 1,
    input,
    call: 10 * i + 5,
    ret: 10 * (i + 1) + 2,
  }));
  return {
    committed,
    members: [replica('n1', log), replica('n2', log)],
    finalReads: new Map([
      ['a', '[1][2]'],
      ['b', '[3]'],
    ]),
    ackedWrites: new Map(log.map((input, i) => [i, input])),
    history,
    linearizabilityTimeoutMs: 1000,
    resolveUnknown: true,
  };
}

function violated(inp: FinalInputs): Property | 'none' {
  try {
    checkFinalState(inp);
    return 'none';
  } catch (err) {
    if (err instanceof PropertyViolation) return err.property;
    throw err;
  }
}

t.test('a consistent run passes', (t) => {
  t.equal(violated(base()), 'none');
  t.end();
});

t.test('replicas that differ', (t) => {
  const b = base();
  t.equal(violated({ ...b, members: [b.members[0]!, replica('n2', [put('a', 'x')])] }), 'replica-divergence');
  t.end();
});

t.test('replicas that agree with each other but not with the committed log', (t) => {
  const b = base();
  const other = [put('a', '[1]'), app('a', '[9]'), app('b', '[3]')];
  t.equal(violated({ ...b, members: [replica('n1', other), replica('n2', other)] }), 'replica-divergence');
  t.end();
});

t.test('an acknowledged write that is not in the committed log', (t) => {
  const b = base();
  const acked = new Map(b.ackedWrites);
  acked.set(42, app('a', '[42]'));
  t.equal(violated({ ...b, ackedWrites: acked }), 'acked-write-lost');
  t.end();
});

t.test('an acknowledged append missing from the final value', (t) => {
  const b = base();
  t.equal(
    violated({
      ...b,
      finalReads: new Map([
        ['a', '[1]'],
        ['b', '[3]'],
      ]),
    }),
    'acked-write-lost',
  );
  t.end();
});

t.test('a client told something else than the log produced', (t) => {
  const b = base();
  const history = [...b.history];
  history.push({ id: 3, clientId: 2, input: { kind: 'get', key: 'a' }, call: 40, ret: 50, output: 'stale' });
  const committed = [
    ...b.committed,
    { cmd: { opId: 3, clientId: 2, input: { kind: 'get' as const, key: 'a' } }, time: 45 },
  ];
  const log = [put('a', '[1]'), app('a', '[2]'), app('b', '[3]'), { kind: 'get' as const, key: 'a' }];
  t.equal(
    violated({ ...b, history, committed, members: [replica('n1', log), replica('n2', log)] }),
    'replica-divergence',
  );
  t.end();
});

t.test('a history that is not linearizable', (t) => {
  const b = base();
  const history = [...b.history];
  // A ReadIndex read (not in the log) after every write completed, seeing the first value only.
  history.push({ id: 9, clientId: 3, input: { kind: 'get', key: 'a' }, call: 100, ret: 110, output: '[1]' });
  t.equal(violated({ ...b, history }), 'linearizability');
  t.end();
});

t.test('unknown outcomes are settled from the committed log', (t) => {
  const history: Operation[] = [
    { id: 0, clientId: 1, input: app('a', 'x'), call: 0, ret: Number.POSITIVE_INFINITY },
    { id: 1, clientId: 1, input: app('a', 'y'), call: 5, ret: Number.POSITIVE_INFINITY },
    {
      id: 2,
      clientId: 2,
      input: { kind: 'cas', key: 'a', expected: 'x', value: 'z' },
      call: 6,
      ret: Number.POSITIVE_INFINITY,
    },
    { id: 3, clientId: 2, input: { kind: 'get', key: 'a' }, call: 7, ret: 9, output: 'x' },
    { id: 4, clientId: 3, input: put('b', 'q'), call: 8, ret: Number.POSITIVE_INFINITY },
  ];
  const out = resolveUnknown(
    history,
    new Map([
      [0, { index: 1, time: 3, output: undefined }],
      [2, { index: 3, time: 12, output: true }],
      [4, { index: 2, time: 12, output: undefined }],
    ]),
  );
  t.same(
    out.map((o) => [o.id, o.call, o.ret, o.output]),
    [
      [0, 3 + 1e-7, 3 + 1e-7, undefined],
      [2, 12 + 3e-7, 12 + 3e-7, true],
      [3, 7, 9, 'x'],
      [4, 12 + 2e-7, 12 + 2e-7, undefined],
    ],
    'in the log: pinned where it was first applied, in log order, with its output; not in the log: dropped',
  );
  t.end();
});
