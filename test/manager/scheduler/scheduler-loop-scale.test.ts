// The scheduler loop at scale with the DirectProposer: 10,000 pending tasks over 100 nodes commit
// in at most 25 batches (seeded before start, and created after it); 100,000 tasks on 1,000 nodes
// are timed and printed as one JSON line, not asserted.
import t from 'tap';
import { MemoryStore } from '../../../manager/store/memory-store.ts';
import { TaskState } from '../../../proto/gen/covey/v1/TaskState.ts';
import { DirectProposer } from '../direct-proposer.ts';
import { GiB, MiB, replicas } from './fixtures.ts';
import { countsByNode, NOW, newLoop, nodes, put } from './scheduler-loop-world.ts';

t.test('10,000 pending tasks over 100 nodes commit in at most 25 batches', async (t) => {
  const store = new MemoryStore();
  const tasks = Array.from({ length: 10 }, (_, s) => replicas(`s${s}`, 1_000)).flat();
  put(store, { nodes: nodes(100), tasks });
  const proposer = new DirectProposer(store, () => NOW);
  const loop = newLoop(store, proposer);
  loop.start();
  await loop.idle();
  t.ok(proposer.batches.length <= 25, `${proposer.batches.length} batches`);
  t.equal(loop.stats.assigned, 10_000);
  const counts = [...countsByNode(store).values()];
  t.equal(counts.length, 100);
  t.ok(
    counts.every((c) => c === 100),
    'even spread',
  );
  await loop.stop();
});

t.test('tasks created after start in 20 batches commit in at most 25 batches', async (t) => {
  const store = new MemoryStore();
  put(store, { nodes: nodes(100) });
  const proposer = new DirectProposer(store, () => NOW);
  const loop = newLoop(store, proposer);
  loop.start();
  await loop.idle();
  for (let b = 0; b < 20; b++) put(store, { tasks: replicas(`s${b}`, 500) });
  await loop.idle();
  t.ok(proposer.batches.length <= 25, `${proposer.batches.length} batches`);
  t.equal(store.find('task').filter((x) => x.status?.state === TaskState.TASK_STATE_ASSIGNED).length, 10_000);
  await loop.stop();
});

t.test('100,000 pending tasks on 1,000 nodes (timed, not asserted)', async (t) => {
  const store = new MemoryStore();
  const tasks = Array.from({ length: 1_000 }, (_, s) =>
    replicas(`s${String(s).padStart(4, '0')}`, 100, { memoryBytes: 64 * MiB, nanoCpus: 10_000_000 }),
  ).flat();
  put(store, { nodes: nodes(1_000, { memoryBytes: 64 * GiB, nanoCpus: 64e9 }) });
  for (let i = 0; i < tasks.length; i += 10_000) put(store, { tasks: tasks.slice(i, i + 10_000) });
  const proposer = new DirectProposer(store, () => NOW);
  const loop = newLoop(store, proposer);
  const started = performance.now();
  loop.start();
  await loop.idle();
  const ms = performance.now() - started;
  console.log(
    JSON.stringify({
      bench: 'scheduler-loop',
      nodes: 1_000,
      tasks: tasks.length,
      batches: proposer.batches.length,
      passes: loop.stats.passes,
      ms: Math.round(ms),
      tasks_per_s: Math.round(tasks.length / (ms / 1000)),
    }),
  );
  t.equal(loop.stats.assigned, 100_000);
  await loop.stop();
});
