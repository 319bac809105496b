// Every index answers what a brute-force scan answers, through thousands of seeded random batches
// of creates, updates (renames, relabels, reassignments), deletes and failing batches; and the
// store's content equals a naive reference model's.
import t, { type Test } from 'tap';
import { MemoryStore } from '../../../manager/store/memory-store.ts';
import type { StoreKind, StoreObjects } from '../../../manager/store/store-kind.ts';
import type { Node__Output } from '../../../proto/gen/covey/v1/Node.ts';
import type { Service__Output } from '../../../proto/gen/covey/v1/Service.ts';
import type { StoreAction } from '../../../proto/gen/covey/v1/StoreAction.ts';
import type { Task__Output } from '../../../proto/gen/covey/v1/Task.ts';
import type { TaskState__Output } from '../../../proto/gen/covey/v1/TaskState.ts';
import { SeededRandom } from '../../../raft/random.ts';
import { batch, node, service, task } from './store-fixtures.ts';

const NAMES = [
  'web',
  'Web',
  'api',
  'db',
  'cache',
  'queue',
  'auth',
  'log',
  'mail',
  'dns',
  'ui',
  'ci',
  'lb',
  'mq',
];
const LABEL_KEYS = ['tier', 'team', 'env'];
const LABEL_VALUES = ['a', 'b', 'c'];
const NODE_IDS = ['', 'n0', 'n1', 'n2', 'n3', 'n4'];
const STATES: TaskState__Output[] = [0, 64, 192, 512, 640, 800];
const SMALL: (0 | 1 | 2)[] = [0, 1, 2];
const ID_CHARS = 'abc';

type Model = { [K in StoreKind]: Map<string, { version: number; name?: string }> };

function randomId(rng: SeededRandom, prefix: string): string {
  let id = prefix;
  for (let i = 0; i < 4; i++) id += ID_CHARS[rng.intn(ID_CHARS.length)];
  return id;
}

function randomLabels(rng: SeededRandom): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const k of LABEL_KEYS) if (rng.chance(0.4)) labels[k] = rng.pick(LABEL_VALUES);
  return labels;
}

function randomAction(rng: SeededRandom, s: MemoryStore): StoreAction {
  const kind = rng.pick(['service', 'task', 'task', 'task', 'node'] as const);
  const existing = s.find(kind);
  const target = existing.length > 0 && rng.chance(0.6) ? rng.pick(existing) : undefined;
  let id = target?.id ?? randomId(rng, kind[0]!);
  // A fresh id mostly, so creates mostly succeed.
  while (target === undefined && s.get(kind, id) !== undefined && rng.chance(0.9))
    id = randomId(rng, kind[0]!);
  const version = target?.meta?.version ?? 0;
  // Mostly correct versions, sometimes unconditional, sometimes stale.
  const expectedVersion = rng.chance(0.03) ? version + 1 : rng.chance(0.3) ? 0 : version;
  let obj: object;
  if (kind === 'service') obj = service(id, rng.pick(NAMES), randomLabels(rng));
  else if (kind === 'task') {
    const sids = s.find('service').map((x) => x.id);
    const sid = sids.length > 0 && rng.chance(0.9) ? rng.pick(sids) : 'sgone';
    obj = task(id, sid, 1 + rng.intn(3), rng.pick(NODE_IDS), rng.pick(STATES));
  } else obj = node(id, rng.pick([0, 1] as const), rng.pick(SMALL), rng.pick([...SMALL, 3] as const));
  const op =
    target === undefined
      ? rng.chance(0.9)
        ? 'create'
        : 'delete'
      : rng.chance(0.03)
        ? 'create'
        : rng.pick(['update', 'update', 'update', 'delete']);
  const member = `${op}${kind[0]!.toUpperCase()}${kind.slice(1)}`;
  return { [member]: op === 'delete' ? { id } : obj, expectedVersion } as StoreAction;
}

/** The naive semantics: apply to a copy, keep it only if every action succeeded. */
function applyToModel(model: Model, actions: readonly StoreAction[], index: number, s: MemoryStore): Model {
  const next = {
    cluster: new Map(model.cluster),
    node: new Map(model.node),
    service: new Map(model.service),
    task: new Map(model.task),
  };
  for (const a of actions) {
    const [member, obj] = Object.entries(a).find(([k]) => k !== 'expectedVersion') as [
      string,
      { id: string },
    ];
    const op = member.startsWith('create') ? 'create' : member.startsWith('update') ? 'update' : 'delete';
    const kind = member.slice(op.length).toLowerCase() as StoreKind;
    const table = next[kind];
    const stored = table.get(obj.id);
    const ev = Number(a.expectedVersion ?? 0);
    if (op === 'create' && stored !== undefined) return model;
    if (op !== 'create' && (stored === undefined || (ev !== 0 && ev !== stored.version))) return model;
    if (op === 'delete') {
      table.delete(obj.id);
      continue;
    }
    const name =
      kind === 'service' ? (obj as Service__Output).spec?.annotations?.name?.toLowerCase() : undefined;
    if (name !== undefined) {
      for (const [id, v] of table) if (id !== obj.id && v.name === name) return model;
    }
    table.set(obj.id, name === undefined ? { version: index } : { version: index, name });
  }
  void s;
  return next;
}

function check<K extends StoreKind>(
  t: Test,
  s: MemoryStore,
  kind: K,
  query: Parameters<MemoryStore['find']>[1],
  matches: (o: StoreObjects[K]) => boolean,
): boolean {
  const got = s.find(kind, query as never).map((o) => o.id);
  const want = s
    .find(kind)
    .filter((o) => matches(o as StoreObjects[K]))
    .map((o) => o.id);
  if (got.length === want.length && got.every((id, i) => id === want[i])) return true;
  t.same(got, want, `${kind} ${JSON.stringify(query)}`);
  return false;
}

function checkAll(t: Test, s: MemoryStore): number {
  let checks = 0;
  let ok = true;
  const labelOf = (o: Service__Output) => o.spec?.annotations?.labels ?? {};
  for (const prefix of ['', 's', 'sa', 'sab', 't', 'tc', 'n', 'nb', 'x']) {
    for (const kind of ['service', 'task', 'node'] as const) {
      ok &&= check(t, s, kind, { idPrefix: prefix }, (o) => o.id.startsWith(prefix));
      checks++;
    }
  }
  for (const name of [...NAMES, 'WEB', 'none']) {
    ok &&= check(
      t,
      s,
      'service',
      { name },
      (o) => o.spec?.annotations?.name?.toLowerCase() === name.toLowerCase(),
    );
    checks++;
  }
  for (const k of LABEL_KEYS) {
    ok &&= check(t, s, 'service', { labels: [k] }, (o) => k in labelOf(o));
    for (const v of LABEL_VALUES) {
      ok &&= check(t, s, 'service', { labels: [`${k}=${v}`] }, (o) => labelOf(o)[k] === v);
      ok &&= check(t, s, 'service', { labels: [`${k}=${v}`, 'team=a'], idPrefix: 's' }, (o) => {
        return labelOf(o)[k] === v && labelOf(o).team === 'a';
      });
      checks += 2;
    }
    checks++;
  }
  const sids = [...s.find('service').map((x) => x.id), 'sgone'];
  for (const sid of sids) {
    ok &&= check(t, s, 'task', { serviceId: sid }, (o: Task__Output) => o.serviceId === sid);
    for (const slot of [1, 2, 3]) {
      ok &&= check(
        t,
        s,
        'task',
        { serviceId: sid, slot },
        (o: Task__Output) => o.serviceId === sid && o.slot === slot,
      );
      checks++;
    }
    checks++;
  }
  for (const nid of NODE_IDS) {
    ok &&= check(t, s, 'task', { nodeId: nid }, (o: Task__Output) => o.nodeId === nid);
    ok &&= check(t, s, 'task', { nodeId: nid, desiredState: 512 }, (o: Task__Output) => {
      return o.nodeId === nid && o.desiredState === 512;
    });
    checks += 2;
  }
  for (const st of STATES) {
    ok &&= check(t, s, 'task', { desiredState: st }, (o: Task__Output) => o.desiredState === st);
    checks++;
  }
  for (const v of SMALL) {
    if (v < 2) ok &&= check(t, s, 'node', { role: v as 0 | 1 }, (o: Node__Output) => o.role === v);
    ok &&= check(t, s, 'node', { availability: v }, (o: Node__Output) => o.spec?.availability === v);
    ok &&= check(t, s, 'node', { state: v }, (o: Node__Output) => o.status?.state === v);
    checks += 3;
  }
  return ok ? checks : -1;
}

t.test('indexes match a brute-force scan under a seeded random workload', async (t) => {
  for (const seed of [1, 2, 3]) {
    const rng = new SeededRandom(seed);
    const s = new MemoryStore();
    let model: Model = { cluster: new Map(), node: new Map(), service: new Map(), task: new Map() };
    let failed = 0;
    let checks = 0;
    const BATCHES = 2000;
    for (let index = 1; index <= BATCHES; index++) {
      const actions = Array.from({ length: 1 + rng.intn(4) }, () => randomAction(rng, s));
      model = applyToModel(model, actions, index, s);
      const r = s.applyBatch(batch(actions), index);
      if (!r.ok) failed++;
      if (index % 100 === 0 || index === BATCHES) {
        for (const kind of ['service', 'task', 'node'] as const) {
          const got = s.find(kind).map((o) => [o.id, o.meta?.version]);
          const want = [...model[kind]]
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .map(([id, v]) => [id, v.version]);
          if (JSON.stringify(got) !== JSON.stringify(want)) {
            t.same(got, want, `seed ${seed} batch ${index}: ${kind} content equals the model`);
            return;
          }
        }
        const n = checkAll(t, s);
        if (n < 0) {
          t.fail(`seed ${seed} batch ${index}: an index disagrees with the scan`);
          return;
        }
        checks += n;
      }
    }
    t.ok(
      failed > BATCHES / 10 && failed < BATCHES * 0.9,
      `seed ${seed}: ${failed} of ${BATCHES} batches failed`,
    );
    t.ok(s.count('task') > 10 && s.count('service') > 3, `seed ${seed}: the store is populated`);
    t.pass(`seed ${seed}: ${checks} index queries agreed with the scan`);
  }
});
