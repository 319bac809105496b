// scheduleBatch scenarios: even spread, spread preferences over label values, accounting between
// tasks and batches, host ports, runtimes, max replicas per node, reasons, determinism.
import t from 'tap';
import { NodeSet } from '../../../manager/scheduler/node-set.ts';
import { type ScheduleResult, scheduleBatch } from '../../../manager/scheduler/schedule-batch.ts';
import type { Node__Output } from '../../../proto/gen/covey/v1/Node.ts';
import { NodeAvailability } from '../../../proto/gen/covey/v1/NodeAvailability.ts';
import { RuntimeKind } from '../../../proto/gen/covey/v1/RuntimeKind.ts';
import type { Task__Output } from '../../../proto/gen/covey/v1/Task.ts';
import { TaskState } from '../../../proto/gen/covey/v1/TaskState.ts';
import { GiB, makeNode, makeTask, replicas } from './fixtures.ts';

function cluster(nodes: Node__Output[]): NodeSet {
  const set = new NodeSet();
  for (const n of nodes) set.upsertNode(n);
  return set;
}

function nodes(n: number, o: Parameters<typeof makeNode>[1] = {}): Node__Output[] {
  return Array.from({ length: n }, (_, i) => makeNode(`n${String(i).padStart(2, '0')}`, o));
}

function perNode(result: ScheduleResult): Map<string, number> {
  const m = new Map<string, number>();
  for (const a of result.assignments) m.set(a.nodeId, (m.get(a.nodeId) ?? 0) + 1);
  return m;
}

/** Tasks per node over every node of the set (0 for nodes that got none). */
function counts(set: NodeSet, result: ScheduleResult): number[] {
  const m = perNode(result);
  return set.ordered().map((n) => m.get(n.id) ?? 0);
}

t.test('10 and 100 replicas spread evenly (max − min ≤ 1)', async (t) => {
  for (const [replicaCount, nodeCount] of [
    [10, 3],
    [10, 10],
    [10, 16],
    [100, 7],
    [100, 30],
  ] as const) {
    const set = cluster(nodes(nodeCount));
    const r = scheduleBatch(replicas('web', replicaCount), set);
    t.equal(r.assignments.length, replicaCount);
    t.equal(r.unschedulable.length, 0);
    const values = counts(set, r);
    t.equal(values.length, nodeCount);
    t.ok(
      Math.max(...values) - Math.min(...values) <= 1,
      `${replicaCount} over ${nodeCount}: ${values.join(',')}`,
    );
  }
});

t.test('prefers fewest tasks of the service, then fewest tasks overall, then node id', async (t) => {
  const set = cluster(nodes(3));
  // n00: 2 tasks of other services; n01: 1 task of web; n02: empty.
  set.upsertTask(makeTask('o1', { serviceId: 'other', nodeId: 'n00' }));
  set.upsertTask(makeTask('o2', { serviceId: 'other', nodeId: 'n00' }));
  set.upsertTask(makeTask('w0', { serviceId: 'web', nodeId: 'n01' }));
  const r = scheduleBatch(replicas('web', 3), set);
  t.same(
    r.assignments.map((a) => a.nodeId),
    ['n02', 'n00', 'n01'],
    'n02 (0 web, 0 total), then n00 (0 web, 2 total) before n01 (1 web), then n01 (1 web, 1 total) before n02 (1 web, 1 total) by id',
  );
  const tie = cluster(nodes(3));
  t.same(
    scheduleBatch(replicas('x', 3), tie).assignments.map((a) => a.nodeId),
    ['n00', 'n01', 'n02'],
    'ties break by id',
  );
});

t.test('a batch sees its own placements across groups', async (t) => {
  const set = cluster(nodes(2));
  const r = scheduleBatch([...replicas('a', 1), ...replicas('b', 1)], set);
  t.same(
    r.assignments.map((a) => a.nodeId),
    ['n00', 'n01'],
    'b avoids the node a just took (total load)',
  );
  const r2 = scheduleBatch(replicas('c', 1), set);
  t.same(
    r2.assignments.map((a) => a.nodeId),
    ['n00'],
    'and the next batch sees both',
  );
});

t.test('spread preference over label values, then over nodes', async (t) => {
  // 3 zones of unequal size: 4 nodes in a, 1 in b, 2 in c, and 1 node without the label.
  const zones = ['a', 'a', 'a', 'a', 'b', 'c', 'c', undefined];
  const set = cluster(zones.map((z, i) => makeNode(`n${i}`, z === undefined ? {} : { labels: { zone: z } })));
  const r = scheduleBatch(replicas('web', 8, { spread: ['node.labels.zone'] }), set);
  const byZone = new Map<string, number>();
  for (const a of r.assignments) {
    const z = set.get(a.nodeId)?.labels.zone ?? '(none)';
    byZone.set(z, (byZone.get(z) ?? 0) + 1);
  }
  t.same(
    Object.fromEntries(byZone),
    { a: 2, b: 2, c: 2, '(none)': 2 },
    'even over the 4 groups, not over the 8 nodes',
  );
  const inA = r.assignments.filter((a) => set.get(a.nodeId)?.labels.zone === 'a').map((a) => a.nodeId);
  t.equal(new Set(inA).size, 2, 'within zone a, spread over nodes');

  const two = cluster([
    ...['r1', 'r2'].map((rack, i) => makeNode(`x${i}`, { labels: { zone: 'a', rack } })),
    makeNode('y0', { labels: { zone: 'b', rack: 'r1' } }),
  ]);
  const r2 = scheduleBatch(replicas('db', 4, { spread: ['node.labels.zone', 'node.labels.rack'] }), two);
  t.same(
    perNode(r2),
    new Map([
      ['x0', 1],
      ['x1', 1],
      ['y0', 2],
    ]),
    'zone first, then rack within the zone',
  );
});

t.test('spread counts existing tasks; a full branch is skipped', async (t) => {
  const set = cluster([
    makeNode('a1', { labels: { zone: 'a' }, memoryBytes: 2 * GiB }),
    makeNode('b1', { labels: { zone: 'b' }, memoryBytes: 8 * GiB }),
  ]);
  set.upsertTask(makeTask('old', { serviceId: 'web', nodeId: 'b1', memoryBytes: GiB }));
  const r = scheduleBatch(replicas('web', 4, { spread: ['node.labels.zone'], memoryBytes: GiB }), set);
  t.same(
    r.assignments.map((a) => a.nodeId),
    ['a1', 'a1', 'b1', 'b1'],
    'zone a first (b already has one), then b once a is full',
  );
});

t.test('resources are reserved per placement and released when tasks finish', async (t) => {
  const set = cluster(nodes(2, { memoryBytes: 4 * GiB }));
  const first = scheduleBatch(replicas('mem', 5, { memoryBytes: 2 * GiB }), set);
  t.equal(first.assignments.length, 4);
  t.same(
    first.unschedulable.map((u) => u.reason),
    ['no suitable node (2 nodes: 2 insufficient memory)'],
  );
  t.equal(set.get('n00')?.availableMemoryBytes, 0);
  // Two tasks finish: their memory comes back and the waiting task fits.
  for (const a of first.assignments.slice(0, 2)) {
    set.upsertTask(
      makeTask(a.taskId, {
        serviceId: 'mem',
        nodeId: a.nodeId,
        memoryBytes: 2 * GiB,
        state: TaskState.TASK_STATE_COMPLETE,
      }),
    );
  }
  const second = scheduleBatch([makeTask('mem-0004', { serviceId: 'mem', memoryBytes: 2 * GiB })], set);
  t.equal(second.assignments.length, 1);
  t.equal(second.unschedulable.length, 0);
});

t.test('host-mode port conflicts keep one task per node per port', async (t) => {
  const set = cluster(nodes(3));
  set.upsertTask(makeTask('other', { serviceId: 'other', nodeId: 'n00', hostPorts: ['80'] }));
  const r = scheduleBatch(replicas('web', 3, { hostPorts: ['80'] }), set);
  t.same(
    r.assignments.map((a) => a.nodeId),
    ['n01', 'n02'],
  );
  t.same(
    r.unschedulable.map((u) => u.reason),
    ['no suitable node (3 nodes: 3 host port 80/tcp in use)'],
  );
  const udp = scheduleBatch(replicas('dns', 3, { hostPorts: ['80/udp'] }), set);
  t.equal(udp.assignments.length, 3, 'same number, other protocol');
});

t.test('runtime: tasks only go where their runtime is offered and available', async (t) => {
  const set = cluster([
    makeNode('docker', { runtimes: [RuntimeKind.RUNTIME_KIND_DOCKER] }),
    makeNode('proc', { runtimes: [RuntimeKind.RUNTIME_KIND_PROCESS] }),
    makeNode('sick', {
      runtimes: [RuntimeKind.RUNTIME_KIND_PROCESS],
      runtimeHealth: [{ runtime: RuntimeKind.RUNTIME_KIND_PROCESS, available: false, message: '' }],
    }),
  ]);
  const r = scheduleBatch(replicas('p', 2, { runtime: RuntimeKind.RUNTIME_KIND_PROCESS }), set);
  t.same([...perNode(r).keys()], ['proc']);
  const d = scheduleBatch(
    replicas('d', 1, { runtime: RuntimeKind.RUNTIME_KIND_DOCKER }),
    cluster([makeNode('proc', { runtimes: [RuntimeKind.RUNTIME_KIND_PROCESS] })]),
  );
  t.same(
    d.unschedulable.map((u) => u.reason),
    ['no suitable node (1 node: 1 runtime docker not supported)'],
  );
});

t.test('max replicas per node', async (t) => {
  const set = cluster(nodes(2));
  const r = scheduleBatch(replicas('web', 5, { maxReplicasPerNode: 2 }), set);
  t.equal(r.assignments.length, 4);
  t.same(
    perNode(r),
    new Map([
      ['n00', 2],
      ['n01', 2],
    ]),
  );
  t.same(r.unschedulable, [
    { taskId: 'web-0004', reason: 'no suitable node (2 nodes: 2 max replicas per node (2) reached)' },
  ]);
});

t.test('constraints and operator-readable reasons', async (t) => {
  const set = cluster([
    makeNode('e1', { labels: { zone: 'east' } }),
    makeNode('w1', { labels: { zone: 'west' } }),
    makeNode('w2', { labels: { zone: 'west' }, availability: NodeAvailability.NODE_AVAILABILITY_DRAIN }),
  ]);
  const r = scheduleBatch(replicas('web', 2, { constraints: ['node.labels.zone==west'] }), set);
  t.same(
    r.assignments.map((a) => a.nodeId),
    ['w1', 'w1'],
  );
  const none = scheduleBatch(replicas('db', 2, { constraints: ['node.labels.zone==north'] }), set);
  t.same(none.unschedulable, [
    {
      taskId: 'db-0000',
      reason: 'no suitable node (3 nodes: 2 constraint node.labels.zone==north not satisfied, 1 drained)',
    },
    {
      taskId: 'db-0001',
      reason: 'no suitable node (3 nodes: 2 constraint node.labels.zone==north not satisfied, 1 drained)',
    },
  ]);
  const bad = scheduleBatch(replicas('bad', 1, { constraints: ['node.labels.zone=west'] }), set);
  t.match(bad.unschedulable[0]?.reason, /^invalid constraint "node.labels.zone=west": missing operator/);
  const badPref = scheduleBatch(replicas('bp', 1, { spread: ['node.zone'] }), set);
  t.match(badPref.unschedulable[0]?.reason, /^invalid placement preference spread="node.zone"/);
  t.same(
    scheduleBatch(replicas('x', 1), new NodeSet()).unschedulable[0]?.reason,
    'no suitable node (no nodes in the cluster)',
  );
});

t.test('same input, same output, whatever the node insertion order', async (t) => {
  const mk = (order: 'fwd' | 'rev'): ScheduleResult => {
    const ns = nodes(9, {}).map((n, i) => ({
      ...n,
      spec: {
        ...(n.spec as NonNullable<Node__Output['spec']>),
        annotations: { name: '', labels: { zone: `z${i % 3}` } },
      },
    }));
    const set = cluster(order === 'fwd' ? ns : [...ns].reverse());
    const tasks: Task__Output[] = [
      ...replicas('a', 7, { spread: ['node.labels.zone'] }),
      ...replicas('b', 11),
      ...replicas('c', 7, { maxReplicasPerNode: 1, constraints: ['node.labels.zone!=z1'] }),
    ];
    return scheduleBatch(tasks, set);
  };
  const a = mk('fwd');
  t.same(mk('fwd'), a);
  t.same(mk('rev'), a);
  t.equal(a.assignments.length, 24);
  t.equal(a.unschedulable.length, 1, 'c: 6 nodes outside z1, at most 1 each, so the 7th waits');
});
