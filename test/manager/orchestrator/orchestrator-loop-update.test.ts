// Rolling updates through the orchestrator loop: the planner's moves, the service's update status
// and the automatic rollback written to the store, played against fake agents on a fake clock.
import t from 'tap';
import { pino } from 'pino';
import { OrchestratorLoop } from '../../../manager/orchestrator/orchestrator-loop.ts';
import { isLive } from '../../../manager/orchestrator/task-lifecycle.ts';
import { timestampFromMs } from '../../../proto/time.ts';
import type { Service__Output } from '../../../proto/gen/covey/v1/Service.ts';
import type { Task__Output } from '../../../proto/gen/covey/v1/Task.ts';
import { TaskState, type TaskState__Output } from '../../../proto/gen/covey/v1/TaskState.ts';
import type { UpdateConfig__Output } from '../../../proto/gen/covey/v1/UpdateConfig.ts';
import { UpdateFailureAction } from '../../../proto/gen/covey/v1/UpdateFailureAction.ts';
import { UpdateOrder } from '../../../proto/gen/covey/v1/UpdateOrder.ts';
import { UpdateState } from '../../../proto/gen/covey/v1/UpdateState.ts';
import { harness, nodes } from './loop-harness.ts';
import { idSequence, makeService } from './world.ts';

type Harness = ReturnType<typeof harness>;

function config(o: Partial<UpdateConfig__Output> = {}): UpdateConfig__Output {
  return {
    parallelism: 1,
    delay: null,
    failureAction: UpdateFailureAction.UPDATE_FAILURE_ACTION_PAUSE,
    monitor: { seconds: 5, nanos: 0 },
    maxFailureRatio: 0,
    order: UpdateOrder.UPDATE_ORDER_STOP_FIRST,
    ...o,
  };
}

/** What UpdateService writes for a new task template: a new spec version, the old spec kept. */
function updateTemplate(h: Harness, id: string, args: readonly string[], update?: UpdateConfig__Output) {
  return h.updateService(id, (s) => {
    const spec = s.spec!;
    const task = spec.task!;
    return {
      ...s,
      spec: {
        ...spec,
        task: { ...task, process: { ...task.process!, args: [...args] } },
        ...(update === undefined ? {} : { updateConfig: update }),
      },
      specVersion: s.meta!.version,
      previousSpec: spec,
      previousSpecVersion: s.specVersion,
      updateStatus: null,
    };
  });
}

const argsOf = (task: Task__Output) => task.spec?.process?.args.join(' ') ?? '';
const service = (h: Harness, id: string): Service__Output => h.store.get('service', id)!;

interface AgentPlay {
  /** Tasks the agents fail instead of running. */
  readonly fails?: (task: Task__Output) => boolean;
  /** Called after every store change the agents make, to sample invariants. */
  readonly sample?: () => void;
  /** At most this many reports per step. */
  readonly limit?: number;
}

/**
 * The scheduler and agents, one step: place and run (or hold READY) what the managers want running,
 * stop what they want stopped. Returns whether anything changed.
 */
async function agentsStep(h: Harness, play: AgentPlay): Promise<boolean> {
  const nodeIds = h.store.find('node').map((n) => n.id);
  let changed = false;
  let reported = 0;
  let i = 0;
  for (const { id } of h.store.find('task')) {
    // Read again: the loop may have moved it since the listing.
    const task = h.store.get('task', id);
    if (task === undefined) continue;
    const state = task.status?.state ?? TaskState.TASK_STATE_NEW;
    let next: TaskState__Output | undefined;
    if (task.desiredState >= TaskState.TASK_STATE_SHUTDOWN) {
      if (state <= TaskState.TASK_STATE_RUNNING) next = TaskState.TASK_STATE_SHUTDOWN;
    } else if (task.desiredState === TaskState.TASK_STATE_READY) {
      if (state < TaskState.TASK_STATE_READY) next = TaskState.TASK_STATE_READY;
    } else if (state < TaskState.TASK_STATE_RUNNING) {
      next = play.fails?.(task) ? TaskState.TASK_STATE_FAILED : TaskState.TASK_STATE_RUNNING;
    }
    if (next === undefined) continue;
    const nodeId = task.nodeId !== '' ? task.nodeId : (nodeIds[i++ % nodeIds.length] ?? '');
    await h.write([
      {
        updateTask: {
          ...task,
          nodeId,
          status: {
            ...task.status!,
            state: next,
            err: next === TaskState.TASK_STATE_FAILED ? 'exit code 1' : '',
            timestamp: timestampFromMs(h.clock.now),
          },
        },
        expectedVersion: task.meta!.version,
      },
    ]);
    play.sample?.();
    changed = true;
    if (play.limit !== undefined && ++reported >= play.limit) break;
    // One change at a time, as reports trickle in: the loop decides in between.
    await h.loop.idle();
  }
  return changed;
}

/** Runs loop and agents until the service's update is no longer rolling (or `limit` seconds pass). */
async function settle(h: Harness, id: string, play: AgentPlay = {}, limitS = 120): Promise<void> {
  for (let s = 0; s < limitS; s++) {
    await h.loop.idle();
    while (await agentsStep(h, play)) await h.loop.idle();
    const state = service(h, id).updateStatus?.state;
    if (state !== UpdateState.UPDATE_STATE_UPDATING && state !== UpdateState.UPDATE_STATE_ROLLBACK_STARTED)
      return;
    h.clock.advance(1_000);
  }
}

/** Every slot's tasks of one template, by args. */
function createdPerSlot(h: Harness, id: string, args: string): Map<number, number> {
  const count = new Map<number, number>();
  for (const task of h.tasksOf(id)) {
    if (argsOf(task) === args) count.set(task.slot, (count.get(task.slot) ?? 0) + 1);
  }
  return count;
}

async function deployed(h: Harness, replicas: number, update = config()) {
  await h.ready;
  const s = makeService({ id: 's1', replicas });
  await h.write([{ createService: { ...s, spec: { ...s.spec!, updateConfig: update } } }]);
  h.loop.start();
  await h.loop.idle();
  while (await agentsStep(h, {})) await h.loop.idle();
}

t.test(
  'a new template replaces every slot once, one at a time, then completes after the monitor',
  async (t) => {
    const h = harness(t, { nodes: nodes(3) });
    await deployed(h, 4);
    await updateTemplate(h, 's1', ['2000']);
    let maxInFlight = 0;
    const sample = () => {
      const inFlight = h
        .live('s1')
        .filter((x) => argsOf(x) === '2000' && (x.status?.state ?? 0) < TaskState.TASK_STATE_RUNNING).length;
      maxInFlight = Math.max(maxInFlight, inFlight);
    };
    await h.loop.idle();
    t.equal(service(h, 's1').updateStatus?.state, UpdateState.UPDATE_STATE_UPDATING, 'updating');
    await settle(h, 's1', { sample });
    const s = service(h, 's1');
    t.equal(s.updateStatus?.state, UpdateState.UPDATE_STATE_COMPLETED, s.updateStatus?.message ?? '');
    t.equal(maxInFlight, 1, 'parallelism 1: one replacement at a time');
    t.same(
      [...createdPerSlot(h, 's1', '2000')].sort((a, b) => a[0] - b[0]),
      [
        [1, 1],
        [2, 1],
        [3, 1],
        [4, 1],
      ],
      'each slot replaced exactly once',
    );
    t.same(h.live('s1').map(argsOf), ['2000', '2000', '2000', '2000'], 'only new tasks live');
    const lastRunning = Math.max(...h.live('s1').map((x) => Number(x.status!.timestamp!.seconds) * 1000));
    const completed = Number(s.updateStatus!.completedAt!.seconds) * 1000;
    t.ok(completed >= lastRunning + 5_000, 'completed only after the 5 s monitor window');
  },
);

t.test('start-first with parallelism 2 never runs fewer than the desired replicas', async (t) => {
  const h = harness(t, { nodes: nodes(3) });
  await deployed(h, 6, config({ parallelism: 2, order: UpdateOrder.UPDATE_ORDER_START_FIRST }));
  await updateTemplate(h, 's1', ['2000']);
  let minRunning = Number.POSITIVE_INFINITY;
  let samples = 0;
  const sample = () => {
    samples++;
    const running = h.tasksOf('s1').filter((x) => x.status?.state === TaskState.TASK_STATE_RUNNING).length;
    minRunning = Math.min(minRunning, running);
  };
  await settle(h, 's1', { sample });
  t.equal(service(h, 's1').updateStatus?.state, UpdateState.UPDATE_STATE_COMPLETED);
  t.ok(samples >= 12, `sampled at every agent report (${samples})`);
  t.equal(minRunning, 6, 'never below 6 running');
  t.same(h.live('s1').map(argsOf), Array(6).fill('2000'));
});

t.test('failure action rollback: a failing replacement restores the previous spec', async (t) => {
  const h = harness(t, { nodes: nodes(3) });
  await deployed(
    h,
    4,
    config({ parallelism: 2, failureAction: UpdateFailureAction.UPDATE_FAILURE_ACTION_ROLLBACK }),
  );
  const before = service(h, 's1');
  await updateTemplate(h, 's1', ['broken']);
  await settle(h, 's1', { fails: (x) => argsOf(x) === 'broken' });
  const s = service(h, 's1');
  t.equal(s.updateStatus?.state, UpdateState.UPDATE_STATE_ROLLBACK_COMPLETED, s.updateStatus?.message ?? '');
  t.same(s.spec, before.spec, 'the previous spec is back');
  t.equal(s.specVersion, before.specVersion, 'with its version');
  t.same(s.previousSpec?.task?.process?.args, ['broken'], 'the failed spec is now the previous one');
  t.same(h.live('s1').map(argsOf), Array(4).fill('1000'), 'every slot runs the old template');
  t.ok(
    h.live('s1').length === 4 && h.live('s1').every((x) => x.status?.state === TaskState.TASK_STATE_RUNNING),
  );
});

t.test('failure action pause: paused with the task error; the next update resumes', async (t) => {
  const h = harness(t, { nodes: nodes(3) });
  await deployed(h, 3);
  await updateTemplate(h, 's1', ['broken']);
  await settle(h, 's1', { fails: (x) => argsOf(x) === 'broken' });
  const paused = service(h, 's1').updateStatus;
  t.equal(paused?.state, UpdateState.UPDATE_STATE_PAUSED);
  t.match(paused?.message, /^update paused due to failure or early termination of task \S+: exit code 1$/);
  t.equal(createdPerSlot(h, 's1', '1000').size, 3, 'old tasks of the other slots untouched');
  await updateTemplate(h, 's1', ['3000']);
  await settle(h, 's1');
  t.equal(service(h, 's1').updateStatus?.state, UpdateState.UPDATE_STATE_COMPLETED);
  t.same(h.live('s1').map(argsOf), Array(3).fill('3000'));
});

t.test('a global service is rolled node by node', async (t) => {
  const h = harness(t, { nodes: nodes(3) });
  await h.ready;
  const g = makeService({ id: 'g', global: true });
  await h.write([{ createService: { ...g, spec: { ...g.spec!, updateConfig: config() } } }]);
  h.loop.start();
  await h.loop.idle();
  while (await agentsStep(h, {})) await h.loop.idle();
  t.equal(h.live('g').length, 3);
  await updateTemplate(h, 'g', ['2000']);
  let maxStopped = 0;
  const sample = () => {
    const running = h.live('g').filter((x) => x.status?.state === TaskState.TASK_STATE_RUNNING).length;
    maxStopped = Math.max(maxStopped, 3 - running);
  };
  await settle(h, 'g', { sample });
  t.equal(service(h, 'g').updateStatus?.state, UpdateState.UPDATE_STATE_COMPLETED);
  t.same(
    h
      .live('g')
      .map((x) => [x.nodeId, argsOf(x)])
      .sort(),
    [
      ['n1', '2000'],
      ['n2', '2000'],
      ['n3', '2000'],
    ],
  );
  t.equal(maxStopped, 1, 'one node at a time');
});

t.test('a new leader resumes an update from the store: no slot replaced twice, none skipped', async (t) => {
  const h = harness(t, { nodes: nodes(3) });
  await deployed(h, 5);
  await updateTemplate(h, 's1', ['2000']);
  // Two slots' worth of progress, report by report, then the leader goes.
  while (createdPerSlot(h, 's1', '2000').size < 2) {
    await h.loop.idle();
    if (!(await agentsStep(h, { limit: 1 }))) break;
  }
  await h.loop.idle();
  await h.loop.stop();
  const midway = createdPerSlot(h, 's1', '2000');
  t.ok(midway.size >= 1 && midway.size < 5, `stopped midway (${midway.size} slots started)`);
  const next = new OrchestratorLoop({
    store: h.store,
    proposer: h.proposer,
    logger: pino({ level: 'silent' }),
    now: () => h.clock.now,
    setTimer: h.clock.setTimer,
    newId: idSequence('u'),
  });
  t.teardown(() => next.stop());
  next.start();
  const h2: Harness = { ...h, loop: next };
  await settle(h2, 's1');
  t.equal(service(h, 's1').updateStatus?.state, UpdateState.UPDATE_STATE_COMPLETED);
  t.same([...createdPerSlot(h, 's1', '2000').values()], [1, 1, 1, 1, 1], 'every slot replaced exactly once');
  t.equal(h.live('s1').filter(isLive).length, 5);
});
