// The scheduler leader loop against a real MemoryStore and the DirectProposer: placement and its
// batches, reasons written once, retries on cluster changes, conflicts, in-flight accounting,
// failures and backoff, preassigned tasks, resync and stop.
import t from 'tap';
import { ASSIGNED_MESSAGE, CONFIRMED_MESSAGE } from '../../../manager/scheduler/scheduler-loop-decision.ts';
import { MemoryStore } from '../../../manager/store/memory-store.ts';
import { decodeSnapshot, encodeSnapshot } from '../../../manager/store/store-codec.ts';
import type { StoreProposer } from '../../../manager/store/store-proposer.ts';
import { NodeAvailability } from '../../../proto/gen/covey/v1/NodeAvailability.ts';
import { TaskState } from '../../../proto/gen/covey/v1/TaskState.ts';
import { NotLeaderError } from '../../../raft/errors.ts';
import { DirectProposer } from '../direct-proposer.ts';
import { GiB, MiB, makeNode, makeTask, replicas } from './fixtures.ts';
import {
  change,
  countsByNode,
  FakeTimers,
  HoldingProposer,
  memoryByNode,
  NOW,
  newLoop,
  nodes,
  put,
  taskWrites,
} from './scheduler-loop-world.ts';

t.test('6 pending tasks on 3 ready nodes: 2 per node, in one batch', async (t) => {
  const store = new MemoryStore();
  put(store, { nodes: nodes(3), tasks: replicas('web', 6) });
  const proposer = new DirectProposer(store, () => NOW);
  const loop = newLoop(store, proposer);
  loop.start();
  await loop.idle();
  t.equal(proposer.batches.length, 1, 'one batch');
  t.equal(proposer.batches[0]?.actions.length, 6);
  t.same([...countsByNode(store)].sort(), [
    ['n000', 2],
    ['n001', 2],
    ['n002', 2],
  ]);
  for (const x of store.find('task')) {
    t.equal(x.status?.state, TaskState.TASK_STATE_ASSIGNED);
    t.equal(x.status?.message, ASSIGNED_MESSAGE);
    t.same(x.status?.timestamp, { seconds: NOW / 1000, nanos: 0 });
  }
  t.equal(loop.stats.assigned, 6);
  await loop.stop();
});

t.test('constraints are respected', async (t) => {
  const store = new MemoryStore();
  put(store, {
    nodes: [
      makeNode('east1', { labels: { zone: 'east' } }),
      makeNode('east2', { labels: { zone: 'east' } }),
      makeNode('west1', { labels: { zone: 'west' } }),
    ],
    tasks: [
      ...replicas('e', 4, { constraints: ['node.labels.zone==east'] }),
      ...replicas('w', 3, { constraints: ['node.labels.zone!=east'] }),
    ],
  });
  const proposer = new DirectProposer(store, () => NOW);
  const loop = newLoop(store, proposer);
  loop.start();
  await loop.idle();
  for (const x of store.find('task')) {
    const zone = store.get('node', x.nodeId)?.spec?.annotations?.labels.zone;
    t.equal(zone, x.serviceId === 'e' ? 'east' : 'west', `${x.id} on ${x.nodeId}`);
  }
  t.same([...countsByNode(store)].sort(), [
    ['east1', 2],
    ['east2', 2],
    ['west1', 3],
  ]);
  await loop.stop();
});

t.test('memory reservations are respected; the reason is written once, retried on change', async (t) => {
  const store = new MemoryStore();
  put(store, {
    nodes: nodes(2, { memoryBytes: GiB }),
    tasks: replicas('big', 3, { memoryBytes: 600 * MiB }),
  });
  const proposer = new DirectProposer(store, () => NOW);
  const timers = new FakeTimers();
  const loop = newLoop(store, proposer, { setTimer: timers.set });
  loop.start();
  await loop.idle();
  const reason = 'no suitable node (2 nodes: 2 insufficient memory)';
  const left = store.find('task').filter((x) => x.nodeId === '');
  t.equal(left.length, 1, 'one task does not fit');
  t.equal(left[0]?.status?.err, reason);
  t.equal(left[0]?.status?.message, reason);
  t.equal(left[0]?.status?.state, TaskState.TASK_STATE_PENDING);
  t.ok(
    [...memoryByNode(store).values()].every((m) => m <= GiB),
    'no node over its memory',
  );
  const writes = taskWrites(proposer).length;
  t.equal(writes, 3, '2 assignments and 1 reason');

  // A node change that does not help: the loop retries (a pass runs) but writes nothing.
  const passes = loop.stats.passes;
  change(store, 'node', 'n000', (n) => ({
    ...n,
    spec: { ...n.spec!, annotations: { name: '', labels: { tier: 'gold' } } },
  }));
  await loop.idle();
  t.equal(loop.stats.passes, passes + 1, 'the unschedulable task was retried');
  t.equal(taskWrites(proposer).length, writes, 'the same reason is not written again');

  // A second change within the retry interval waits for the throttle timer.
  change(store, 'node', 'n001', (n) => ({
    ...n,
    spec: { ...n.spec!, annotations: { name: '', labels: { tier: 'gold' } } },
  }));
  await new Promise((r) => setImmediate(r));
  t.equal(loop.stats.passes, passes + 1, 'no pass before the retry interval');
  t.same(
    timers.pending.map((x) => x.ms),
    [100],
    'retry throttled to the interval',
  );
  timers.fireAll();
  await loop.idle();
  t.equal(loop.stats.passes, passes + 2);
  t.equal(taskWrites(proposer).length, writes, 'still nothing written');
  await loop.stop();
});

t.test('a new node joining places a task that did not fit', async (t) => {
  const store = new MemoryStore();
  put(store, { nodes: nodes(1, { memoryBytes: GiB }), tasks: replicas('big', 2, { memoryBytes: GiB }) });
  const proposer = new DirectProposer(store, () => NOW);
  const loop = newLoop(store, proposer);
  loop.start();
  await loop.idle();
  const stuck = store.find('task').find((x) => x.nodeId === '');
  t.match(stuck?.status?.err, /^no suitable node \(1 node: 1 insufficient memory\)$/);
  put(store, { nodes: [makeNode('late', { memoryBytes: 2 * GiB })] });
  await loop.idle();
  const placed = store.get('task', stuck?.id ?? '');
  t.equal(placed?.nodeId, 'late');
  t.equal(placed?.status?.state, TaskState.TASK_STATE_ASSIGNED);
  t.equal(placed?.status?.err, '', 'the reason is cleared');
  await loop.stop();
});

t.test('a task releasing resources lets a waiting task in', async (t) => {
  const store = new MemoryStore();
  put(store, { nodes: nodes(1, { memoryBytes: GiB }), tasks: replicas('big', 2, { memoryBytes: GiB }) });
  const proposer = new DirectProposer(store, () => NOW);
  const loop = newLoop(store, proposer);
  loop.start();
  await loop.idle();
  const [done, waiting] = [...store.find('task')].sort((a, b) =>
    a.nodeId === '' ? 1 : b.nodeId === '' ? -1 : 0,
  );
  t.equal(waiting?.nodeId, '');
  change(store, 'task', done!.id, (x) => ({
    ...x,
    status: { ...x.status!, state: TaskState.TASK_STATE_COMPLETE },
  }));
  await loop.idle();
  t.equal(store.get('task', waiting!.id)?.nodeId, 'n000');
  await loop.stop();
});

t.test('a conflict in one batch loses none of the others and assigns nothing twice', async (t) => {
  const store = new MemoryStore();
  put(store, { nodes: nodes(3), tasks: replicas('web', 6) });
  const direct = new DirectProposer(store, () => NOW);
  let first = true;
  // Between the pass and its commit, the orchestrator touches web-0001 (still pending) and gives
  // up on web-0004 (desired SHUTDOWN): the first batch is refused as a whole.
  const racing: StoreProposer = {
    propose: (actions) => {
      if (first) {
        first = false;
        change(store, 'task', 'web-0001', (x) => ({ ...x, slot: 7 }));
        change(store, 'task', 'web-0004', (x) => ({ ...x, desiredState: TaskState.TASK_STATE_SHUTDOWN }));
      }
      return direct.propose(actions);
    },
  };
  const watch = store.watch({ kinds: ['task'] });
  const loop = newLoop(store, racing);
  loop.start();
  await loop.idle();
  t.same(
    direct.batches.map((b) => b.actions.length),
    [6, 4, 1],
    'refused batch, the 4 untouched decisions as they were, then the touched task rescheduled',
  );
  const firstBatch = new Map(direct.batches[0]!.actions.map((a) => [a.updateTask!.id, a.updateTask!.nodeId]));
  for (const a of direct.batches[1]!.actions) {
    t.equal(a.updateTask!.nodeId, firstBatch.get(a.updateTask!.id), `${a.updateTask!.id} kept its node`);
  }
  const assignedTimes = new Map<string, number>();
  while (watch.pending > 0) {
    const r = await watch.next();
    if (r.done) break;
    const e = r.value;
    if (e.kind === 'task' && e.oldObject?.nodeId === '' && e.object.nodeId !== '') {
      assignedTimes.set(e.object.id, (assignedTimes.get(e.object.id) ?? 0) + 1);
    }
  }
  watch.close();
  t.same(
    [...assignedTimes].sort(),
    ['web-0000', 'web-0001', 'web-0002', 'web-0003', 'web-0005'].map((id) => [id, 1]),
    'each live task assigned exactly once',
  );
  const gaveUp = store.get('task', 'web-0004');
  t.equal(gaveUp?.nodeId, '', 'a task whose desired state moved past RUNNING is not assigned');
  t.ok(Math.max(...countsByNode(store).values()) <= 2, 'spread still even');
  t.equal(loop.stats.conflicts, 2);
  await loop.stop();
});

t.test('a waiting task whose desired state moved past RUNNING is not assigned later', async (t) => {
  const store = new MemoryStore();
  put(store, {
    nodes: nodes(1, { memoryBytes: GiB }),
    tasks: [...replicas('a', 1, { memoryBytes: 2 * GiB }), ...replicas('b', 1, { memoryBytes: 2 * GiB })],
  });
  const proposer = new DirectProposer(store, () => NOW);
  const loop = newLoop(store, proposer);
  loop.start();
  await loop.idle();
  change(store, 'task', 'a-0000', (x) => ({ ...x, desiredState: TaskState.TASK_STATE_SHUTDOWN }));
  await loop.idle();
  put(store, { nodes: [makeNode('roomy', { memoryBytes: 8 * GiB })] });
  await loop.idle();
  t.equal(store.get('task', 'a-0000')?.nodeId, '', 'given up: stays unassigned');
  t.equal(store.get('task', 'b-0000')?.nodeId, 'roomy', 'the other waiting task was retried and placed');
  await loop.stop();
});

t.test('assignments in flight count toward node load', async (t) => {
  const store = new MemoryStore();
  put(store, { nodes: nodes(3, { memoryBytes: GiB }), tasks: replicas('a', 3, { memoryBytes: GiB }) });
  const holding = new HoldingProposer(new DirectProposer(store, () => NOW));
  const loop = newLoop(store, holding);
  loop.start();
  await holding.waitFor(1);
  t.equal(holding.held[0]?.actions.length, 3, 'first batch held, not committed');
  put(store, { tasks: replicas('b', 3, { memoryBytes: GiB }) });
  await holding.waitFor(2);
  const second = holding.held[1]!.actions.map((a) => a.updateTask!);
  t.same(
    second.map((x) => [x.id, x.nodeId, x.status?.err]),
    ['b-0000', 'b-0001', 'b-0002'].map((id) => [id, '', 'no suitable node (3 nodes: 3 insufficient memory)']),
    'the new tasks see the held assignments',
  );
  holding.releaseAll();
  await loop.idle();
  t.same([...memoryByNode(store).values()], [GiB, GiB, GiB], 'one task per node, none over-committed');
  await loop.stop();
});

t.test('a lost batch gives its nodes back and is retried after a backoff', async (t) => {
  const store = new MemoryStore();
  put(store, { nodes: nodes(2, { memoryBytes: GiB }), tasks: replicas('a', 2, { memoryBytes: GiB }) });
  const proposer = new DirectProposer(store, () => NOW);
  proposer.failWith = new NotLeaderError('m1', '', 3);
  const timers = new FakeTimers();
  const loop = newLoop(store, proposer, { setTimer: timers.set });
  loop.start();
  await new Promise((r) => setImmediate(r));
  await new Promise((r) => setImmediate(r));
  t.same(
    timers.pending.map((x) => x.ms),
    [200],
    'one backoff timer',
  );
  t.equal(loop.stats.failedBatches, 1);
  t.equal(store.find('task').filter((x) => x.nodeId !== '').length, 0, 'nothing committed');
  proposer.failWith = undefined;
  timers.fireAll();
  await loop.idle();
  t.same([...memoryByNode(store).values()], [GiB, GiB], 'retried: one per node');
  t.same(
    proposer.batches.map((b) => b.actions.map((a) => a.updateTask?.status?.err)),
    [['', '']],
    'one batch of assignments: the lost batch gave its nodes back (no task found them full)',
  );
  await loop.stop();
});

t.test('preassigned tasks: confirmed when their node fits, explained when not', async (t) => {
  const store = new MemoryStore();
  put(store, {
    nodes: [makeNode('ok'), makeNode('drained', { availability: NodeAvailability.NODE_AVAILABILITY_DRAIN })],
    tasks: [
      makeTask('g-ok', { serviceId: 'g', nodeId: 'ok', state: TaskState.TASK_STATE_PENDING }),
      makeTask('g-drained', { serviceId: 'g', nodeId: 'drained', state: TaskState.TASK_STATE_PENDING }),
    ],
  });
  const proposer = new DirectProposer(store, () => NOW);
  const loop = newLoop(store, proposer);
  loop.start();
  await loop.idle();
  t.equal(store.get('task', 'g-ok')?.status?.state, TaskState.TASK_STATE_ASSIGNED);
  t.equal(store.get('task', 'g-ok')?.status?.message, CONFIRMED_MESSAGE);
  const stuck = store.get('task', 'g-drained');
  t.equal(stuck?.status?.state, TaskState.TASK_STATE_PENDING);
  t.equal(stuck?.status?.err, 'node drained cannot run the task: drained');
  change(store, 'node', 'drained', (n) => ({
    ...n,
    spec: { ...n.spec!, availability: NodeAvailability.NODE_AVAILABILITY_ACTIVE },
  }));
  await loop.idle();
  t.equal(
    store.get('task', 'g-drained')?.status?.state,
    TaskState.TASK_STATE_ASSIGNED,
    'confirmed once active',
  );
  t.equal(store.get('task', 'g-drained')?.nodeId, 'drained');
  await loop.stop();
});

t.test('a store restored from a snapshot is re-read', async (t) => {
  const store = new MemoryStore();
  put(store, { nodes: nodes(2) });
  const proposer = new DirectProposer(store, () => NOW);
  const loop = newLoop(store, proposer);
  loop.start();
  await loop.idle();
  const other = new MemoryStore();
  put(other, { nodes: nodes(2), tasks: replicas('r', 4) });
  const snapshot = decodeSnapshot(encodeSnapshot(other.exportSnapshot()));
  if (snapshot instanceof Error) throw snapshot;
  t.equal(store.importSnapshot(snapshot), undefined);
  await loop.idle();
  t.same([...countsByNode(store).values()], [2, 2]);
  await loop.stop();
});

t.test('stop waits for the batch in flight and swallows its failure', async (t) => {
  const store = new MemoryStore();
  put(store, { nodes: nodes(1), tasks: replicas('a', 1) });
  const holding = new HoldingProposer(new DirectProposer(store, () => NOW));
  const loop = newLoop(store, holding);
  loop.start();
  await holding.waitFor(1);
  let stopped = false;
  const stopping = loop.stop().then(() => {
    stopped = true;
  });
  await new Promise((r) => setImmediate(r));
  t.notOk(stopped, 'stop waits for the proposal');
  holding.held[0]?.reject(new NotLeaderError('m1', 'm2', 4));
  await stopping;
  t.ok(stopped);
  put(store, { tasks: replicas('b', 1) });
  await loop.idle();
  t.equal(holding.held.length, 1, 'nothing proposed after stop');
});
