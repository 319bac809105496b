// Seeded randomized check: on many small random clusters and batches, scheduleBatch makes exactly
// the decisions (and reasons) of the brute-force reference, whatever the node insertion order.
import t from 'tap';
import { NodeSet } from '../../../manager/scheduler/node-set.ts';
import { scheduleBatch } from '../../../manager/scheduler/schedule-batch.ts';
import type { Node__Output } from '../../../proto/gen/covey/v1/Node.ts';
import { NodeAvailability } from '../../../proto/gen/covey/v1/NodeAvailability.ts';
import { NodeRole } from '../../../proto/gen/covey/v1/NodeRole.ts';
import { NodeState } from '../../../proto/gen/covey/v1/NodeState.ts';
import { RuntimeKind, type RuntimeKind__Output } from '../../../proto/gen/covey/v1/RuntimeKind.ts';
import type { Task__Output } from '../../../proto/gen/covey/v1/Task.ts';
import { SeededRandom } from '../../../raft/random.ts';
import { CPU, GiB, makeNode, makeTask, type TaskOptions } from './fixtures.ts';
import { referenceSchedule } from './reference-scheduler.ts';

const SEEDS = 400;

function pick<T>(rnd: SeededRandom, xs: readonly T[]): T {
  return xs[rnd.intn(xs.length)] as T;
}

function randomCluster(rnd: SeededRandom): {
  nodes: Node__Output[];
  existing: Task__Output[];
  pending: Task__Output[];
} {
  const nodes: Node__Output[] = [];
  const n = 1 + rnd.intn(8);
  for (let i = 0; i < n; i++) {
    const labels: Record<string, string> = {};
    if (rnd.intn(5) > 0) labels.zone = pick(rnd, ['a', 'b', 'c']);
    if (rnd.intn(2) === 0) labels.rack = pick(rnd, ['r1', 'r2']);
    nodes.push(
      makeNode(`n${i}`, {
        role: rnd.intn(3) === 0 ? NodeRole.NODE_ROLE_MANAGER : NodeRole.NODE_ROLE_WORKER,
        state: rnd.intn(8) === 0 ? NodeState.NODE_STATE_DOWN : NodeState.NODE_STATE_READY,
        availability:
          rnd.intn(8) === 0
            ? NodeAvailability.NODE_AVAILABILITY_DRAIN
            : NodeAvailability.NODE_AVAILABILITY_ACTIVE,
        labels,
        engineLabels: rnd.intn(2) === 0 ? { storage: 'ssd' } : {},
        nanoCpus: (1 + rnd.intn(4)) * CPU,
        memoryBytes: (1 + rnd.intn(4)) * GiB,
        runtimes: pick<RuntimeKind__Output[]>(rnd, [
          [RuntimeKind.RUNTIME_KIND_DOCKER],
          [RuntimeKind.RUNTIME_KIND_PROCESS],
          [RuntimeKind.RUNTIME_KIND_DOCKER, RuntimeKind.RUNTIME_KIND_PROCESS],
          [RuntimeKind.RUNTIME_KIND_HOLLOW],
        ]),
      }),
    );
  }
  const services: TaskOptions[] = [];
  const nServices = 1 + rnd.intn(4);
  for (let s = 0; s < nServices; s++) {
    const constraints: string[] = [];
    if (rnd.intn(3) === 0)
      constraints.push(
        pick(rnd, [
          'node.labels.zone==a',
          'node.labels.zone!=b',
          'node.role==worker',
          'engine.labels.storage==ssd',
          'node.id!=n0',
        ]),
      );
    services.push({
      serviceId: `s${s}`,
      specVersion: 1 + rnd.intn(2),
      runtime: pick(rnd, [RuntimeKind.RUNTIME_KIND_DOCKER, RuntimeKind.RUNTIME_KIND_PROCESS]),
      nanoCpus: rnd.intn(3) * 500_000_000,
      memoryBytes: rnd.intn(3) * 512 * 1024 ** 2,
      constraints,
      spread: pick(rnd, [
        [],
        [],
        ['node.labels.zone'],
        ['node.labels.zone', 'node.labels.rack'],
        ['engine.labels.storage'],
      ]),
      maxReplicasPerNode: rnd.intn(3) === 0 ? 1 + rnd.intn(2) : 0,
      hostPorts: rnd.intn(5) === 0 ? ['8080'] : [],
    });
  }
  const existing: Task__Output[] = [];
  const nExisting = rnd.intn(6);
  for (let i = 0; i < nExisting; i++) {
    existing.push(makeTask(`e${i}`, { ...pick(rnd, services), nodeId: `n${rnd.intn(n)}` }));
  }
  const pending: Task__Output[] = [];
  const nPending = rnd.intn(25);
  for (let i = 0; i < nPending; i++) {
    const svc = pick(rnd, services);
    // specVersion is part of the group: tasks of one service may come from two spec versions.
    pending.push(makeTask(`p${String(i).padStart(3, '0')}`, { ...svc, specVersion: svc.specVersion ?? 1 }));
  }
  return { nodes, existing, pending };
}

function build(nodes: readonly Node__Output[], existing: readonly Task__Output[]): NodeSet {
  const set = new NodeSet();
  for (const node of nodes) set.upsertNode(node);
  for (const task of existing) set.upsertTask(task);
  return set;
}

t.test('scheduleBatch matches the brute-force reference', async (t) => {
  let assigned = 0;
  let unschedulable = 0;
  let mismatches = 0;
  for (let seed = 0; seed < SEEDS; seed++) {
    const rnd = new SeededRandom(seed);
    const { nodes, existing, pending } = randomCluster(rnd);
    const shuffled = [...nodes].reverse();
    const fast = build(shuffled, existing);
    const slow = build(nodes, existing);
    const got = scheduleBatch(pending, fast);
    const want = referenceSchedule(pending, slow);
    assigned += got.assignments.length;
    unschedulable += got.unschedulable.length;
    const same =
      JSON.stringify(got) === JSON.stringify(want) &&
      nodes.every((n) => {
        const a = fast.get(n.id);
        const b = slow.get(n.id);
        return a?.reservedMemoryBytes === b?.reservedMemoryBytes && a?.taskCount === b?.taskCount;
      });
    if (!same) {
      mismatches++;
      if (mismatches <= 3) t.same(got, want, `seed ${seed}`);
    }
  }
  t.equal(mismatches, 0, `all ${SEEDS} seeds agree`);
  // Guard against a generator that never exercises both outcomes.
  t.ok(assigned > 1000, `assigned ${assigned}`);
  t.ok(unschedulable > 100, `unschedulable ${unschedulable}`);
});
