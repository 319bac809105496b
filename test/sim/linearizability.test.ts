// Trust in the checker: hand-made histories with known verdicts, a brute-force oracle on small random
// histories, generated linearizable histories (and corrupted ones), budgets, and a 5,000-op history.
import t from 'tap';
import { SeededRandom } from '../../raft/random.ts';
import type { KvInput, KvOutput, Operation } from './history.ts';
import { checkLinearizable, describeFailure, type LinearizabilityResult } from './linearizability.ts';

const U = Number.POSITIVE_INFINITY;
let nextId = 0;
function op(clientId: number, input: KvInput, call: number, ret: number, output?: KvOutput): Operation {
  const id = nextId++;
  return output === undefined
    ? { id, clientId, input, call, ret }
    : { id, clientId, input, call, ret, output };
}
const get = (c: number, call: number, ret: number, out?: string, key = 'x') =>
  op(c, { kind: 'get', key }, call, ret, out);
const put = (c: number, call: number, ret: number, value: string, key = 'x') =>
  op(c, { kind: 'put', key, value }, call, ret);
const append = (c: number, call: number, ret: number, value: string, key = 'x') =>
  op(c, { kind: 'append', key, value }, call, ret);
const cas = (c: number, call: number, ret: number, expected: string, value: string, out?: boolean) =>
  op(c, { kind: 'cas', key: 'x', expected, value }, call, ret, out);

function explain(r: LinearizabilityResult): string {
  return r.ok === false ? `\n${describeFailure(r)}` : ` (${String(r.ok)})`;
}

const good: [string, Operation[]][] = [
  ['empty history', []],
  [
    'sequential put, append, get, cas',
    [
      put(1, 0, 1, 'a'),
      append(1, 2, 3, 'b'),
      get(2, 4, 5, 'ab'),
      cas(2, 6, 7, 'ab', 'c', true),
      cas(1, 8, 9, 'ab', 'd', false),
      get(1, 10, 11, 'c'),
    ],
  ],
  ['read of an absent key is empty', [get(1, 0, 1, ''), put(1, 2, 3, 'a', 'y'), get(2, 4, 5, '')]],
  ['overlapping writes, read sees the first', [put(1, 0, 10, '1'), put(2, 5, 15, '2'), get(3, 20, 21, '1')]],
  ['overlapping writes, read sees the second', [put(1, 0, 10, '1'), put(2, 5, 15, '2'), get(3, 20, 21, '2')]],
  [
    'read concurrent with a write sees the old value',
    [put(1, 0, 1, 'a'), put(1, 2, 10, 'b'), get(2, 3, 4, 'a'), get(2, 11, 12, 'b')],
  ],
  [
    'read concurrent with a write sees the new value',
    [put(1, 0, 1, 'a'), put(1, 2, 10, 'b'), get(2, 3, 4, 'b'), get(2, 5, 6, 'b')],
  ],
  ['unknown write that took effect', [put(1, 0, 1, 'a'), put(1, 2, U, 'b'), get(2, 5, 6, 'b')]],
  [
    'unknown write that never took effect',
    [put(1, 0, 1, 'a'), put(1, 2, U, 'b'), get(2, 5, 6, 'a'), get(2, 7, 8, 'a')],
  ],
  [
    'unknown write taking effect long after its call',
    [put(1, 0, U, 'b'), get(2, 5, 6, ''), get(2, 50, 51, 'b')],
  ],
  [
    'unknown get and cas constrain nothing',
    [get(1, 0, U), cas(2, 0, U, '', 'z'), put(3, 1, 2, 'a'), get(3, 3, 4, 'a')],
  ],
  ['unknown cas that applied', [put(1, 0, 1, 'a'), cas(2, 2, U, 'a', 'b'), get(1, 5, 6, 'b')]],
  ['touching intervals are concurrent (ret == call)', [put(1, 0, 5, 'a'), get(2, 5, 6, '')]],
  [
    'concurrent appends in either order',
    [append(1, 0, 10, 'a'), append(2, 0, 10, 'b'), get(3, 11, 12, 'ba')],
  ],
  [
    'concurrent cas: one wins, one loses',
    [put(1, 0, 1, 'a'), cas(1, 2, 9, 'a', 'b', false), cas(2, 2, 9, 'a', 'c', true), get(3, 10, 11, 'c')],
  ],
  [
    'failed cas explained by an unknown write nobody read',
    [put(1, 0, 1, 'a'), put(2, 2, U, 'z'), cas(3, 5, 6, 'a', 'b', false)],
  ],
  [
    'keys are independent',
    [put(1, 0, 10, '1', 'x'), put(2, 0, 10, '2', 'y'), get(3, 11, 12, '1', 'x'), get(3, 13, 14, '2', 'y')],
  ],
];

t.test('accepts linearizable histories', async (t) => {
  for (const [name, history] of good) {
    const r = checkLinearizable(history);
    t.equal(r.ok, true, `${name}${explain(r)}`);
  }
});

// Each case names the op the report must blame.
const bad: [string, Operation[], number][] = [];
function badCase(name: string, history: Operation[], culprit: Operation): void {
  bad.push([name, history, culprit.id]);
}
{
  const r = get(2, 2, 3, '');
  badCase('stale read after a completed write', [put(1, 0, 1, 'a'), r], r);
}
{
  const r = get(2, 2, 3, 'zz');
  badCase('read of a value never written', [put(1, 0, 1, 'a'), r], r);
}
{
  const r = get(4, 30, 40, '1');
  const h = [put(1, 0, 100, '1'), put(2, 0, 100, '2'), get(3, 10, 20, '1'), get(3, 30, 40, '2')];
  badCase('two readers see concurrent writes in opposite orders', [...h, get(4, 10, 20, '2'), r], r);
}
{
  const r = get(2, 4, 5, 'b');
  badCase('lost acknowledged append', [append(1, 0, 1, 'a'), append(1, 2, 3, 'b'), r], r);
}
{
  const r = get(3, 7, 8, '');
  badCase('read sees an unknown write, a later read does not', [put(1, 0, U, '1'), get(2, 5, 6, '1'), r], r);
}
{
  const r = get(2, 6, 7, '');
  badCase('ret == call is concurrent but ret < call is not', [put(1, 0, 5, 'a'), r], r);
}
{
  const c = cas(2, 2, 3, 'z', 'b', true);
  badCase('cas succeeds although the value differs', [put(1, 0, 1, 'a'), c], c);
}
{
  const c = cas(2, 2, 3, 'a', 'b', false);
  badCase('cas fails although the value matched', [put(1, 0, 1, 'a'), c], c);
}
{
  const c = cas(2, 2, 9, 'a', 'c', true);
  badCase(
    'two concurrent cas from the same value both succeed',
    [put(1, 0, 1, 'a'), cas(1, 2, 9, 'a', 'b', true), c],
    c,
  );
}
{
  const r = get(1, 4, 5, 'a');
  badCase(
    'read after a successful cas sees the old value',
    [put(1, 0, 1, 'a'), cas(2, 2, 3, 'a', 'b', true), r],
    r,
  );
}
{
  const r = get(3, 4, 5, 'ba');
  badCase('appends read in the wrong order', [append(1, 0, 1, 'a'), append(2, 2, 3, 'b'), r], r);
}
{
  const r = get(4, 13, 14, 'ba');
  const h = [append(1, 0, 10, 'a'), append(2, 0, 10, 'b'), get(3, 11, 12, 'ab')];
  badCase('concurrent appends observed in both orders', [...h, r], r);
}

{
  const c = cas(2, 2, 3, 'a', 'b', false);
  badCase(
    'failed cas before the only unknown write was invoked',
    [put(1, 0, 1, 'a'), c, put(3, 4, U, 'z')],
    c,
  );
}

t.test('rejects non-linearizable histories and blames the anomaly', async (t) => {
  for (const [name, history, culprit] of bad) {
    const r = checkLinearizable(history);
    t.equal(r.ok, false, `${name}${explain(r)}`);
    if (r.ok !== false) continue;
    t.equal(r.key, 'x', `${name}: key`);
    t.equal(r.blocked.id, culprit, `${name}: blamed op${explain(r)}`);
    t.equal(checkLinearizable(r.ops).ok, false, `${name}: the reported ops fail on their own`);
  }
});

t.test('failure report names the key and lists its ops by call time', async (t) => {
  const h = [get(9, 0, 1, '', 'y'), put(2, 5, 6, 'b'), put(1, 0, 3, 'a'), get(3, 7, 8, 'a')];
  const r = checkLinearizable(h);
  if (r.ok !== false) {
    t.fail(`expected a failure${explain(r)}`);
    return;
  }
  t.equal(r.key, 'x');
  t.same(
    r.ops.map((o) => o.id),
    [h[2]?.id, h[1]?.id, h[3]?.id],
  );
  const text = describeFailure(r);
  t.match(text, /^not linearizable on key "x": /);
  const rows = text.split('\n').slice(2);
  t.equal(rows.length, 3);
  t.match(rows[0] ?? '', /#\d+\s+c1\s+0\s+3\s+put "a"\s+ok$/);
  t.match(rows[2] ?? '', /#\d+\s+c3\s+7\s+8\s+get\s+"a"\s+<- cannot be placed$/);
});

t.test('a failure is shrunk to the shortest failing prefix of the key', async (t) => {
  const h: Operation[] = [];
  for (let i = 0; i < 100; i++)
    h.push(put(1, 10 * i, 10 * i + 5, `v${i}`), get(2, 10 * i + 2, 10 * i + 8, `v${i}`));
  const stale = get(3, 503, 504, 'v3');
  h.push(stale);
  const r = checkLinearizable(h);
  if (r.ok !== false) {
    t.fail(`expected a failure${explain(r)}`);
    return;
  }
  t.equal(r.blocked.id, stale.id);
  t.ok(r.ops.length <= 104, `kept ${r.ops.length} of ${h.length} ops`);
  t.ok(
    r.ops.every((o) => o.call <= stale.ret),
    'nothing invoked after the stale read returned',
  );
  t.equal(checkLinearizable(r.ops).ok, false);
});

t.test('budgets give unknown instead of searching forever', async (t) => {
  // Twelve concurrent writes then an impossible read: the search must try every subset of writes.
  const writes = Array.from({ length: 12 }, (_, i) => put(i, 0, 100, `w${i}`));
  const explosive = [...writes, get(20, 101, 102, 'never')];
  t.equal(checkLinearizable(explosive).ok, false);
  const capped = checkLinearizable(explosive, { maxStates: 100 });
  t.equal(capped.ok, 'unknown');
  if (capped.ok === 'unknown') t.equal(capped.key, 'x');
  t.equal(checkLinearizable(explosive, { timeoutMs: 0 }).ok, 'unknown');
  const bothKeys = [...explosive, put(1, 0, 1, 'a', 'y'), get(2, 2, 3, '', 'y')];
  const r = checkLinearizable(bothKeys, { maxStates: 100 });
  t.equal(r.ok, false, 'an undecided key does not hide a failing one');
  if (r.ok === false) t.equal(r.key, 'y');
  t.equal(checkLinearizable(good[1]?.[1] ?? [], { maxStates: 100 }).ok, true);
});

interface GenOptions {
  readonly ops: number;
  readonly clients: number;
  readonly keys: number;
  readonly unknownRate: number;
  /** How far call and ret may stretch from the linearization point. */
  readonly spread: number;
  /** Draw written values from this pool instead of making each one unique. */
  readonly alphabet?: readonly string[];
}

/** A random sequential execution stretched into overlapping intervals around its linearization points. */
function generate(seed: number, g: GenOptions): { history: Operation[]; values: string[] } {
  const rng = new SeededRandom(seed);
  const state = new Map<string, string>();
  const values = [''];
  const busyUntil = Array.from({ length: g.clients }, () => -1);
  const history: Operation[] = [];
  let point = 0;
  for (let i = 0; i < g.ops; i++) {
    point += 1 + rng.intn(2);
    let free = busyUntil.flatMap((b, c) => (b < point ? [c] : []));
    if (free.length === 0) {
      point = Math.min(...busyUntil) + 1;
      free = busyUntil.flatMap((b, c) => (b < point ? [c] : []));
    }
    const clientId = rng.pick(free);
    const key = `k${rng.intn(g.keys)}`;
    const current = state.get(key) ?? '';
    const value = g.alphabet === undefined ? `${i};` : rng.pick(g.alphabet);
    const roll = rng.intn(20);
    const input: KvInput =
      roll < 8
        ? { kind: 'get', key }
        : roll < 12
          ? { kind: 'put', key, value }
          : roll < 15
            ? { kind: 'append', key, value }
            : { kind: 'cas', key, expected: rng.chance(0.5) ? current : rng.pick(values), value };
    const unknown = rng.chance(g.unknownRate);
    let output: KvOutput | undefined;
    if (!unknown || rng.chance(0.5)) {
      let after = current;
      if (input.kind === 'get') output = current;
      else if (input.kind === 'put') after = input.value;
      else if (input.kind === 'append') after = current + input.value;
      else {
        output = current === input.expected;
        if (output) after = input.value;
      }
      state.set(key, after);
      if (after !== current) values.push(after);
    }
    const busy = busyUntil[clientId] ?? -1;
    const call = point - rng.intn(Math.min(g.spread, point - busy - 1) + 1);
    const ret = unknown ? U : point + rng.intn(g.spread + 1);
    busyUntil[clientId] = unknown ? point : ret;
    history.push(op(clientId, input, call, ret, unknown ? undefined : output));
  }
  return { history, values };
}

/** Oracle: tries every order of the ops that respects real time; unknown ops may also be left out. */
function bruteForce(history: readonly Operation[]): boolean {
  const knownCount = history.filter((o) => o.ret !== U).length;
  const placed = new Set<number>();
  const explore = (state: ReadonlyMap<string, string>, knownPlaced: number): boolean => {
    if (knownPlaced === knownCount) return true;
    for (const o of history) {
      if (placed.has(o.id) || history.some((q) => !placed.has(q.id) && q.ret < o.call)) continue;
      const v = state.get(o.input.key) ?? '';
      let after = v;
      const i = o.input;
      if (i.kind === 'get' && o.output !== undefined && o.output !== v) continue;
      if (i.kind === 'put') after = i.value;
      if (i.kind === 'append') after = v + i.value;
      if (i.kind === 'cas') {
        if (o.output !== undefined && o.output !== (v === i.expected)) continue;
        if (v === i.expected) after = i.value;
      }
      placed.add(o.id);
      const found = explore(new Map(state).set(i.key, after), knownPlaced + (o.ret === U ? 0 : 1));
      placed.delete(o.id);
      if (found) return true;
    }
    return false;
  };
  return explore(new Map(), 0);
}

// Small pools make values repeat and prefix one another, which is where the abstraction of unseen writes
// could go wrong; unique values make unseen writes common.
for (const alphabet of [undefined, ['a', 'b', 'ab', 'ba', '']]) {
  t.test(
    `agrees with a brute-force oracle (${alphabet ? 'small value pool' : 'unique values'})`,
    async (t) => {
      const verdicts = { accepted: 0, rejected: 0 };
      for (let seed = 1; seed <= 3000; seed++) {
        const rng = new SeededRandom(seed * 7919);
        const keys = alphabet ? 1 : 1 + (seed % 2);
        const g = {
          ops: 3 + rng.intn(5),
          clients: 3,
          keys,
          unknownRate: 0.3,
          spread: 3,
          ...(alphabet && { alphabet }),
        };
        const { history, values } = generate(seed, g);
        const outputs = [...values, ...(alphabet ?? [])];
        const reads = history.filter((o) => o.output !== undefined);
        const victim = reads.length > 0 && rng.chance(0.6) ? rng.pick(reads) : undefined;
        const mutated = history.map((o) =>
          o !== victim ? o : { ...o, output: typeof o.output === 'boolean' ? !o.output : rng.pick(outputs) },
        );
        const expected = bruteForce(mutated);
        const r = checkLinearizable(mutated);
        if (r.ok !== expected) {
          t.fail(`seed ${seed}: checker says ${String(r.ok)}, oracle says ${expected}${explain(r)}`);
          return;
        }
        verdicts[expected ? 'accepted' : 'rejected']++;
      }
      t.comment(`verdicts ${JSON.stringify(verdicts)}`);
      t.ok(verdicts.accepted > 600 && verdicts.rejected > 600, 'both verdicts are well exercised');
    },
  );
}

t.test('generated histories are linearizable; one corrupted read is caught', async (t) => {
  const problems: string[] = [];
  let rejected = 0;
  for (let seed = 1; seed <= 150 && problems.length < 3; seed++) {
    const g = { ops: 300, clients: 6, keys: 3, unknownRate: 0.05, spread: 12 };
    const { history } = generate(seed, g);
    const r = checkLinearizable(history);
    if (r.ok !== true) problems.push(`seed ${seed}: generated history rejected${explain(r)}`);
    const rng = new SeededRandom(seed);
    const victim = rng.pick(history.filter((o) => typeof o.output === 'string'));
    const corrupted = history.map((o) => (o === victim ? { ...o, output: `${String(o.output)}#` } : o));
    const bad = checkLinearizable(corrupted);
    if (bad.ok !== false)
      problems.push(`seed ${seed}: corrupted read #${victim.id} accepted (${String(bad.ok)})`);
    else if (bad.key !== victim.input.key || !bad.ops.some((o) => o.id === victim.id)) {
      problems.push(`seed ${seed}: report misses corrupted read #${victim.id}${explain(bad)}`);
    } else rejected++;
  }
  t.same(problems, []);
  t.equal(rejected, 150, 'every corrupted history rejected, with the corrupted read in the report');
});

// Timings are printed, not asserted; the time budget only keeps a regression from hanging the suite.
for (const unknownRate of [0.02, 0.2]) {
  t.test(`5,000 ops from 10 clients over 20 keys, ${unknownRate * 100}% unknown outcomes`, async (t) => {
    const g = { ops: 5000, clients: 10, keys: 20, unknownRate, spread: 40 };
    const { history } = generate(20240601, g);
    const start = performance.now();
    const r = checkLinearizable(history, { timeoutMs: 60_000 });
    const ms = performance.now() - start;
    t.equal(r.ok, true, explain(r));
    t.equal(r.stats.ops, 5000);
    t.equal(r.stats.keys, 20);
    t.comment(`checked in ${ms.toFixed(1)} ms, ${r.stats.states} states`);
  });
}
