import t from 'tap';
import { newTask } from '../../../manager/orchestrator/new-task.ts';
import type { OrchestratorLoop } from '../../../manager/orchestrator/orchestrator-loop.ts';
import type { BatchApplied } from '../../../manager/store/memory-store.ts';
import { MemoryStore } from '../../../manager/store/memory-store.ts';
import { decodeSnapshot, encodeSnapshot } from '../../../manager/store/store-codec.ts';
import type { StoreProposer } from '../../../manager/store/store-proposer.ts';
import { NodeAvailability } from '../../../proto/gen/covey/v1/NodeAvailability.ts';
import type { Node__Output } from '../../../proto/gen/covey/v1/Node.ts';
import { NodeState } from '../../../proto/gen/covey/v1/NodeState.ts';
import { RestartCondition } from '../../../proto/gen/covey/v1/RestartCondition.ts';
import type { Service__Output } from '../../../proto/gen/covey/v1/Service.ts';
import type { StoreAction } from '../../../proto/gen/covey/v1/StoreAction.ts';
import type { Task__Output } from '../../../proto/gen/covey/v1/Task.ts';
import { TaskState } from '../../../proto/gen/covey/v1/TaskState.ts';
import { NotLeaderError } from '../../../raft/errors.ts';
import { DirectProposer } from '../direct-proposer.ts';
import { harness, nodes } from './loop-harness.ts';
import { T0, makeNode, makeService } from './world.ts';

/** Holds every batch until the test releases it (applied) or rejects it. */
class HoldingProposer implements StoreProposer {
  readonly held: { actions: readonly StoreAction[]; release: () => void; reject: (e: Error) => void }[] = [];
  proposed = 0;
  private waiters: (() => void)[] = [];
  constructor(private readonly inner: StoreProposer) {}
  propose(actions: readonly StoreAction[]): Promise<BatchApplied> {
    return new Promise((resolve, reject) => {
      this.held.push({
        actions,
        release: () => void this.inner.propose(actions).then(resolve, reject),
        reject,
      });
      this.proposed++;
      for (const w of this.waiters.splice(0)) w();
    });
  }
  async waitProposed(n: number): Promise<void> {
    while (this.proposed < n) await new Promise<void>((r) => this.waiters.push(r));
  }
  releaseNext(): void {
    this.held.shift()?.release();
  }
}

/** A writer lands a status change on the first task the loop updates, just before the loop's batch. */
class InterferingProposer extends DirectProposer {
  interfered = 0;
  constructor(
    store: MemoryStore,
    now: () => number,
    private readonly writer: DirectProposer,
  ) {
    super(store, now);
  }
  override async propose(actions: readonly StoreAction[], requestId?: string): Promise<BatchApplied> {
    const target = actions.find((a) => a.updateTask)?.updateTask?.id;
    if (this.interfered === 0 && target !== undefined) {
      this.interfered++;
      const cur = this.store.get('task', target)!;
      const status = { ...cur.status!, message: 'late report' };
      await this.writer.propose([{ updateTask: { ...cur, status }, expectedVersion: cur.meta!.version }]);
    }
    return super.propose(actions, requestId);
  }
}

const named = (s: Service__Output, name: string): Service__Output => ({
  ...s,
  spec: { ...s.spec!, annotations: { name, labels: {} } },
});
const slots = (tasks: readonly Task__Output[]) => tasks.map((x) => x.slot).sort((a, b) => a - b);
/** Lets the loop run the pass an event scheduled, for assertions that something did NOT happen. */
async function nextPass(loop: OrchestratorLoop, before: number): Promise<void> {
  for (let i = 0; i < 50 && loop.stats.passes <= before; i++) await new Promise<void>((r) => setImmediate(r));
  if (loop.stats.passes <= before) throw new Error('the loop ran no pass');
}

t.test('a replicated service with 3 replicas gets 3 tasks in one batch', async (t) => {
  const h = harness(t, { nodes: nodes(3) });
  await h.ready;
  h.loop.start();
  await h.write([{ createService: makeService({ id: 's1', replicas: 3 }) }]);
  await h.loop.idle();
  const proposer = h.proposer as DirectProposer;
  t.equal(proposer.batches.length, 1, 'one batch');
  t.same(
    proposer.batches[0]?.actions.map((a) => a.action),
    ['createTask', 'createTask', 'createTask'],
  );
  t.same(slots(h.live('s1')), [1, 2, 3]);
  t.ok(h.live('s1').every((x) => x.desiredState === TaskState.TASK_STATE_RUNNING && x.nodeId === ''));
});

t.test(
  'scale 3 → 5 adds slots 4 and 5; 5 → 2 removes the highest slots, then the reaper deletes them',
  async (t) => {
    const h = harness(t, { nodes: nodes(3) });
    await h.write([{ createService: makeService({ id: 's1', replicas: 3 }) }]);
    h.loop.start();
    await h.loop.idle();
    await h.runAll('s1');
    await h.setReplicas('s1', 5);
    await h.loop.idle();
    t.same(slots(h.live('s1')), [1, 2, 3, 4, 5]);
    await h.runAll('s1');
    await h.loop.idle();
    const keep = h.live('s1').filter((x) => x.slot <= 2);

    await h.setReplicas('s1', 2);
    await h.loop.idle();
    const removed = h.tasksOf('s1').filter((x) => x.slot > 2);
    t.equal(removed.length, 3);
    t.ok(
      removed.every((x) => x.desiredState === TaskState.TASK_STATE_REMOVE),
      'slots 3-5 desired REMOVE',
    );
    t.same(
      h.live('s1').map((x) => x.id),
      keep.map((x) => x.id),
      'slots 1 and 2 keep their tasks',
    );
    await h.report(removed, TaskState.TASK_STATE_SHUTDOWN);
    await h.loop.idle();
    t.same(slots(h.tasksOf('s1')), [1, 2], 'stopped tasks of removed slots are deleted');
  },
);

t.test('a node going down gets its tasks replaced in the same slots', async (t) => {
  const h = harness(t, { nodes: nodes(3) });
  await h.ready;
  await h.write([{ createService: makeService({ id: 's1', replicas: 3 }) }]);
  h.loop.start();
  await h.loop.idle();
  await h.runAll('s1');
  await h.loop.idle();
  const lost = h.live('s1').filter((x) => x.nodeId === 'n1');
  t.equal(lost.length, 1);
  await h.updateNode('n1', (n) => ({ ...n, status: { ...n.status!, state: NodeState.NODE_STATE_DOWN } }));
  await h.loop.idle();
  const old = h.store.get('task', lost[0]!.id)!;
  t.equal(old.desiredState, TaskState.TASK_STATE_SHUTDOWN, 'old task desired SHUTDOWN');
  const slot = h.live('s1').filter((x) => x.slot === old.slot);
  t.equal(slot.length, 1, 'one live task in the slot');
  t.not(slot[0]?.id, old.id);
  t.equal(slot[0]?.nodeId, '', 'the replacement waits for the scheduler');
  t.same(slots(h.live('s1')), [1, 2, 3]);
});

t.test('a global service follows node create, drain, label changes and removal', async (t) => {
  const east = { labels: { zone: 'east' } };
  const h = harness(t, {
    nodes: [makeNode('n1', east), makeNode('n2', east), makeNode('n3', { labels: { zone: 'west' } })],
  });
  await h.ready;
  await h.write([
    { createService: makeService({ id: 'g', global: true, constraints: ['node.labels.zone==east'] }) },
  ]);
  h.loop.start();
  await h.loop.idle();
  const liveNodes = () =>
    h
      .live('g')
      .map((x) => x.nodeId)
      .sort();
  t.same(liveNodes(), ['n1', 'n2']);
  await h.write([{ createNode: makeNode('n4', east) }]);
  await h.loop.idle();
  t.same(liveNodes(), ['n1', 'n2', 'n4'], 'new matching node gets a task');
  await h.updateNode('n2', (n) => ({
    ...n,
    spec: { ...n.spec!, availability: NodeAvailability.NODE_AVAILABILITY_DRAIN },
  }));
  await h.loop.idle();
  t.same(liveNodes(), ['n1', 'n4'], 'drained node loses its task');
  const withLabel = (zone: string) => (n: Node__Output) => ({
    ...n,
    spec: { ...n.spec!, annotations: { name: '', labels: { zone } } },
  });
  await h.updateNode('n1', withLabel('west'));
  await h.updateNode('n3', withLabel('east'));
  await h.loop.idle();
  t.same(liveNodes(), ['n3', 'n4'], 'label changes move the service');
  await h.runAll('g');
  const n4task = h.live('g').find((x) => x.nodeId === 'n4')!;
  await h.write([{ deleteNode: { id: 'n4' }, expectedVersion: 0 }]);
  await h.loop.idle();
  t.equal(h.store.get('task', n4task.id)?.desiredState, TaskState.TASK_STATE_REMOVE, 'removed node: REMOVE');
  t.same(liveNodes(), ['n3']);
});

t.test(
  'restart on-failure with a delay: the replacement starts only once the delay has passed',
  async (t) => {
    const h = harness(t, { nodes: nodes(2) });
    const restart = { condition: RestartCondition.RESTART_CONDITION_ON_FAILURE, delayMs: 10_000 };
    await h.write([{ createService: makeService({ id: 's1', replicas: 2, restart }) }]);
    h.loop.start();
    await h.loop.idle();
    await h.runAll('s1');
    await h.loop.idle();
    h.clock.advance(1_000);
    const [failing, completing] = h.live('s1');
    await h.report([failing!], TaskState.TASK_STATE_FAILED);
    await h.report([completing!], TaskState.TASK_STATE_COMPLETE);
    await h.loop.idle();
    t.equal(h.store.get('task', failing!.id)?.desiredState, TaskState.TASK_STATE_SHUTDOWN);
    const held = h.live('s1').filter((x) => x.slot === failing!.slot);
    t.equal(held.length, 1);
    t.equal(held[0]?.desiredState, TaskState.TASK_STATE_READY, 'replacement held');
    t.equal(
      h.live('s1').filter((x) => x.slot === completing!.slot).length,
      0,
      'completed task not restarted',
    );
    await h.runAll('s1');
    await h.loop.idle();
    h.clock.advance(9_999);
    await h.loop.idle();
    t.equal(
      h.store.get('task', held[0]!.id)?.desiredState,
      TaskState.TASK_STATE_READY,
      'still held at 9.999 s',
    );
    h.clock.advance(1);
    await h.loop.idle();
    t.equal(h.store.get('task', held[0]!.id)?.desiredState, TaskState.TASK_STATE_RUNNING, 'started at 10 s');
    t.equal(h.live('s1').length, 1);
  },
);

t.test(
  'a batch refused for a stale version is re-reconciled from the store, without duplicates',
  async (t) => {
    let interfering: InterferingProposer | undefined;
    const h = harness(t, {
      nodes: nodes(3),
      proposer: (store, now, writer) => (interfering = new InterferingProposer(store, now, writer)),
    });
    await h.write([{ createService: makeService({ id: 's1', replicas: 3, restart: { delayMs: 0 } }) }]);
    h.loop.start();
    await h.loop.idle();
    await h.runAll('s1');
    await h.loop.idle();
    const failed = h.live('s1').find((x) => x.slot === 2)!;
    await h.report([failed], TaskState.TASK_STATE_FAILED);
    await h.loop.idle();
    t.equal(interfering?.interfered, 1);
    t.equal(h.loop.stats.batchesRejected, 1, 'the first attempt was refused');
    const slot2 = h.tasksOf('s1').filter((x) => x.slot === 2);
    t.equal(slot2.length, 2, 'the failed task and exactly one replacement');
    t.equal(h.store.get('task', failed.id)?.desiredState, TaskState.TASK_STATE_SHUTDOWN);
    t.same(slots(h.live('s1')), [1, 2, 3]);
    t.equal(h.tasksOf('s1').length, 4);
  },
);

t.test("a deleted service's tasks are stopped, then deleted once they ended", async (t) => {
  const h = harness(t, { nodes: nodes(2) });
  await h.write([{ createService: makeService({ id: 's1', replicas: 3 }) }]);
  h.loop.start();
  await h.loop.idle();
  await h.runAll('s1');
  await h.loop.idle();
  await h.write([{ deleteService: { id: 's1' }, expectedVersion: 0 }]);
  await h.loop.idle();
  const tasks = h.tasksOf('s1');
  t.equal(tasks.length, 3);
  t.ok(tasks.every((x) => x.desiredState === TaskState.TASK_STATE_REMOVE));
  await h.report(tasks, TaskState.TASK_STATE_SHUTDOWN);
  await h.loop.idle();
  t.same(h.tasksOf('s1'), []);
});

t.test('at start, tasks of services that no longer exist are removed', async (t) => {
  const h = harness(t, { nodes: nodes(1) });
  const gone = makeService({ id: 'gone' });
  const mk = (id: string) => newTask({ service: gone, slot: 1, nodeId: 'n1', now: T0, newId: () => id });
  const running = { ...mk('r1'), status: { ...mk('r1').status!, state: TaskState.TASK_STATE_RUNNING } };
  const ended = mk('e1');
  const finished = {
    ...ended,
    desiredState: TaskState.TASK_STATE_SHUTDOWN,
    status: { ...ended.status!, state: TaskState.TASK_STATE_FAILED },
  };
  await h.write([{ createTask: running }, { createTask: finished }]);
  h.loop.start();
  await h.loop.idle();
  t.equal(h.store.get('task', 'r1')?.desiredState, TaskState.TASK_STATE_REMOVE);
  t.equal(h.store.get('task', 'e1'), undefined, 'finished task deleted');
});

t.test('the reaper keeps 5 tasks per slot, then the cluster limit', async (t) => {
  const h = harness(t, { nodes: nodes(1) });
  await h.write([{ createService: makeService({ id: 's1', replicas: 1, restart: { delayMs: 0 } }) }]);
  h.loop.start();
  await h.loop.idle();
  for (let i = 0; i < 8; i++) {
    await h.runAll('s1');
    await h.loop.idle();
    await h.report(h.live('s1'), TaskState.TASK_STATE_FAILED);
    await h.loop.idle();
  }
  t.equal(h.loop.stats.batchesRejected, 0);
  t.equal(h.tasksOf('s1').length, 5, 'default history: 5 per slot');
  t.equal(h.live('s1').length, 1);
  const spec = {
    annotations: null,
    orchestration: { taskHistoryRetentionLimit: 2 },
    dispatcher: null,
    caConfig: null,
    raft: null,
  };
  await h.write([{ createCluster: { id: 'c1', spec } }]);
  await h.loop.idle();
  t.equal(h.tasksOf('s1').length, 2, 'a new cluster limit applies at once');
  t.equal(h.live('s1').length, 1);
});

t.test('2,000 tasks are created in 4 batches of at most 500', async (t) => {
  const h = harness(t, { nodes: nodes(3) });
  await h.write([{ createService: makeService({ id: 'big', replicas: 2_000 }) }]);
  h.loop.start();
  await h.loop.idle();
  const batches = (h.proposer as DirectProposer).batches;
  t.ok(batches.length <= 5, `${batches.length} batches`);
  t.ok(batches.every((b) => b.actions.length <= 500));
  t.equal(h.tasksOf('big').length, 2_000);
  t.equal(new Set(h.tasksOf('big').map((x) => x.slot)).size, 2_000, 'one task per slot');
  t.equal(h.loop.stats.actionsProposed, 2_000);
});

t.test('agent progress does not wake the loop; a failure costs its slot, not the service', async (t) => {
  const h = harness(t, { nodes: nodes(3) });
  await h.write([
    { createService: named(makeService({ id: 'a', replicas: 1_000, restart: { delayMs: 0 } }), 'a') },
    { createService: named(makeService({ id: 'b', replicas: 3 }), 'b') },
  ]);
  h.loop.start();
  await h.loop.idle();
  await h.runAll('a', TaskState.TASK_STATE_ASSIGNED);
  await h.loop.idle();
  const before = h.loop.stats;
  await h.report(h.live('a'), TaskState.TASK_STATE_RUNNING);
  await h.loop.idle();
  t.equal(h.loop.stats.passes, before.passes, 'ASSIGNED → RUNNING for 1,000 tasks: no pass');
  const failed = h.live('a')[500]!;
  await h.report([failed], TaskState.TASK_STATE_FAILED);
  await h.loop.idle();
  const after = h.loop.stats;
  t.ok(after.tasksRead - before.tasksRead < 10, `read ${after.tasksRead - before.tasksRead} tasks`);
  t.equal(h.live('a').filter((x) => x.slot === failed.slot).length, 1, 'replaced');
  t.equal(h.live('a').length, 1_000);
});

t.test('no second proposal for a service while its batch is in flight', async (t) => {
  let holder: HoldingProposer | undefined;
  const h = harness(t, {
    nodes: nodes(2),
    proposer: (store, now) => (holder = new HoldingProposer(new DirectProposer(store, now))),
  });
  await h.write([{ createService: named(makeService({ id: 'other', replicas: 1 }), 'other') }]);
  h.loop.start();
  await holder!.waitProposed(1);
  holder!.releaseNext();
  await h.loop.idle();
  await h.write([{ createService: makeService({ id: 's1', replicas: 3 }) }]);
  await holder!.waitProposed(2);
  let passes = h.loop.stats.passes;
  await h.updateService('s1', (s) => ({
    ...s,
    spec: { ...s.spec!, annotations: { name: 'web', labels: { v: '2' } } },
  }));
  await nextPass(h.loop, passes);
  passes = h.loop.stats.passes;
  await h.setReplicas('s1', 5);
  await nextPass(h.loop, passes);
  t.equal(holder!.proposed, 2, 'nothing proposed while the creation batch is held');
  await h.setReplicas('other', 2);
  await holder!.waitProposed(3);
  t.pass('another service is not held up');
  holder!.releaseNext();
  holder!.releaseNext();
  await holder!.waitProposed(4);
  t.equal(holder!.held[0]?.actions.length, 2, 'after it applied: the 2 missing slots only');
  holder!.releaseNext();
  await h.loop.idle();
  t.same(slots(h.live('s1')), [1, 2, 3, 4, 5]);
  t.same(slots(h.live('other')), [1, 2]);
});

t.test('at most 4 batches are in flight', async (t) => {
  let holder: HoldingProposer | undefined;
  const h = harness(t, {
    proposer: (store, now) => (holder = new HoldingProposer(new DirectProposer(store, now))),
  });
  await h.write([{ createService: makeService({ id: 'big', replicas: 2_500 }) }]);
  h.loop.start();
  await holder!.waitProposed(4);
  const passes = h.loop.stats.passes;
  await h.write([{ createService: named(makeService({ id: 'small' }), 'small') }]);
  await nextPass(h.loop, passes);
  t.equal(holder!.proposed, 4, "the fifth batch and another service's batch wait");
  holder!.releaseNext();
  await holder!.waitProposed(5);
  t.equal(holder!.held.length, 4);
  holder!.releaseNext();
  await holder!.waitProposed(6);
  t.same(holder!.held.at(-1)?.actions.length, 1, 'then the other service');
  while (holder!.held.length > 0) holder!.releaseNext();
  await h.loop.idle();
  t.equal(h.tasksOf('big').length, 2_500);
  t.equal(holder!.proposed, 6);
});

t.test('stop() resolves once the proposal in flight settles, and proposes nothing after', async (t) => {
  let holder: HoldingProposer | undefined;
  const h = harness(t, {
    proposer: (store, now) => (holder = new HoldingProposer(new DirectProposer(store, now))),
  });
  await h.write([{ createService: makeService({ id: 's1', replicas: 3 }) }]);
  h.loop.start();
  await holder!.waitProposed(1);
  let stopped = false;
  const stopping = h.loop.stop().then(() => (stopped = true));
  await new Promise<void>((r) => setImmediate(r));
  t.notOk(stopped, 'waits for the proposal');
  holder!.held.shift()?.reject(new NotLeaderError('m1', 'm2', 7));
  await stopping;
  await h.write([{ createService: named(makeService({ id: 's2' }), 's2') }]);
  await new Promise<void>((r) => setImmediate(r));
  t.equal(holder!.proposed, 1);
});

t.test('stop() does not hang on a proposal that never settles', async (t) => {
  let holder: HoldingProposer | undefined;
  const h = harness(t, {
    proposer: (store, now) => (holder = new HoldingProposer(new DirectProposer(store, now))),
  });
  await h.write([{ createService: makeService({ id: 's1', replicas: 3 }) }]);
  h.loop.start();
  await holder!.waitProposed(1);
  const stopping = h.loop.stop();
  h.clock.advance(10_000);
  await stopping;
  t.pass('stopped');
});

t.test('lost leadership: no retry storm; the services are retried after a pause', async (t) => {
  const h = harness(t, { nodes: nodes(1) });
  const proposer = h.proposer as DirectProposer;
  proposer.failWith = new NotLeaderError('m1', '', 3);
  await h.write([{ createService: makeService({ id: 's1', replicas: 3 }) }]);
  h.loop.start();
  await h.loop.idle();
  await h.write([{ createNode: makeNode('n9') }]);
  await h.loop.idle();
  t.equal(h.loop.stats.batchesFailed, 1);
  t.equal(h.loop.stats.batchesProposed, 1, 'not retried by unrelated events');
  proposer.failWith = undefined;
  h.clock.advance(500);
  await h.loop.idle();
  t.same(slots(h.live('s1')), [1, 2, 3]);
});

t.test('a store restored from a snapshot is read again', async (t) => {
  const h = harness(t);
  h.loop.start();
  await h.loop.idle();
  const other = new MemoryStore();
  await new DirectProposer(other, () => T0).propose([
    { createService: makeService({ id: 's1', replicas: 2 }) },
  ]);
  const snapshot = decodeSnapshot(encodeSnapshot(other.exportSnapshot()));
  if (snapshot instanceof Error) throw snapshot;
  t.equal(h.store.importSnapshot(snapshot), undefined);
  await h.loop.idle();
  t.equal(h.loop.stats.resyncs, 2, 'start, then the restore');
  t.same(slots(h.live('s1')), [1, 2]);
});

t.test('a watcher that falls behind is replaced by a fresh read, without duplicates', async (t) => {
  const h = harness(t, { watchQueueLimit: 100 });
  await h.write([{ createService: makeService({ id: 'big', replicas: 2_000 }) }]);
  h.loop.start();
  await h.loop.idle();
  t.ok(h.loop.stats.resyncs > 1, `${h.loop.stats.resyncs} reads of the store`);
  t.equal(h.tasksOf('big').length, 2_000);
  t.equal(new Set(h.tasksOf('big').map((x) => x.slot)).size, 2_000);
  await h.setReplicas('big', 2_001);
  await h.loop.idle();
  t.equal(h.live('big').length, 2_001, 'still following the store');
});
