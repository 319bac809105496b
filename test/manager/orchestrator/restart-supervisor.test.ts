import t from 'tap';
import type { CreateTaskAction, OrchestratorAction } from '../../../manager/orchestrator/action.ts';
import { reconcileReplicated } from '../../../manager/orchestrator/replicated.ts';
import { heldUntil, nextWakeAt } from '../../../manager/orchestrator/restart-delay.ts';
import { RestartSupervisor, restartKey } from '../../../manager/orchestrator/restart-supervisor.ts';
import { RestartCondition } from '../../../proto/gen/covey/v1/RestartCondition.ts';
import type { Service__Output } from '../../../proto/gen/covey/v1/Service.ts';
import { TaskState, type TaskState__Output } from '../../../proto/gen/covey/v1/TaskState.ts';
import { type RestartOptions, T0, World, idSequence, makeNode, makeService } from './world.ts';

/** One replica on two nodes, driven by a fake clock. */
function harness(restart: RestartOptions | undefined, specVersion = 1) {
  const world = new World();
  world.nodes.set('n1', makeNode('n1'));
  world.nodes.set('n2', makeNode('n2'));
  let supervisor = new RestartSupervisor();
  const newId = idSequence();
  let service: Service__Output = makeService({ replicas: 1, ...(restart ? { restart } : {}), specVersion });
  const step = (): OrchestratorAction[] => {
    const actions = reconcileReplicated({
      service,
      tasks: world.taskList(),
      nodes: world.nodes,
      now: world.now,
      newId,
      supervisor,
    });
    world.apply(actions);
    world.scheduleAndRun();
    return actions;
  };
  /** The slot's one task that is wanted and not ended. */
  const current = () => {
    const live = world.liveBySlot().get(1) ?? [];
    if (live.length !== 1) throw new Error(`expected one live task, got ${live.length}`);
    return live[0]!;
  };
  /** The current task ends with `state` at the current time; returns what the orchestrator did. */
  const end = (state: TaskState__Output) => {
    world.report(current().id, state);
    return step();
  };
  return {
    world,
    step,
    current,
    end,
    get supervisor() {
      return supervisor;
    },
    failover: () => {
      supervisor = new RestartSupervisor();
    },
    setService: (s: Service__Output) => {
      service = s;
    },
  };
}

const created = (a: readonly OrchestratorAction[]) =>
  a.filter((x): x is CreateTaskAction => x.kind === 'create-task');

t.test('default policy: any condition, replacement held 5 s then started', (t) => {
  const h = harness(undefined);
  h.step();
  const first = h.current();
  t.equal(first.status?.state, TaskState.TASK_STATE_RUNNING);
  h.world.now += 1000;
  const actions = h.end(TaskState.TASK_STATE_FAILED);
  t.same(
    actions.filter((a) => a.kind === 'set-desired-state'),
    [
      {
        kind: 'set-desired-state',
        taskId: first.id,
        version: h.world.get(first.id).meta!.version - 1,
        desiredState: TaskState.TASK_STATE_SHUTDOWN,
        reason: 'task failed',
      },
    ],
  );
  const [c] = created(actions);
  t.ok(c);
  t.equal(c!.task.desiredState, TaskState.TASK_STATE_READY, 'held');
  t.equal(c!.startAt, h.world.now + 5000);
  t.equal(c!.task.slot, 1);
  t.equal(c!.task.nodeId, '');
  t.match(c!.reason, /restarts task t001 \(failed\)/);
  t.equal(heldUntil(h.world.get(c!.task.id)), h.world.now + 5000);
  t.equal(nextWakeAt(h.world.taskList(), h.world.now), h.world.now + 5000);
  t.equal(
    h.world.get(c!.task.id).status?.state,
    TaskState.TASK_STATE_READY,
    'placed and prepared while held',
  );

  h.world.now += 4999;
  t.same(h.step(), [], 'still held 1 ms before the delay ends');
  h.world.now += 1;
  t.same(h.step(), [
    {
      kind: 'set-desired-state',
      taskId: c!.task.id,
      version: h.world.get(c!.task.id).meta!.version - 2,
      desiredState: TaskState.TASK_STATE_RUNNING,
      reason: 'restart delay elapsed',
    },
  ]);
  t.equal(nextWakeAt(h.world.taskList(), h.world.now), undefined);
  t.equal(h.current().id, c!.task.id);
  t.equal(h.current().status?.state, TaskState.TASK_STATE_RUNNING);
  t.same(h.step(), [], 'converged');
  t.end();
});

t.test('a held replacement survives a change of leader', (t) => {
  const h = harness({ delayMs: 3000 });
  h.step();
  h.end(TaskState.TASK_STATE_FAILED);
  const held = h.current();
  h.failover();
  h.world.now += 2999;
  t.same(h.step(), []);
  h.world.now += 1;
  t.equal(h.step().length, 1);
  t.equal(h.world.get(held.id).desiredState, TaskState.TASK_STATE_RUNNING);
  t.end();
});

t.test('delay 0s replaces at once with desired RUNNING', (t) => {
  const h = harness({ delayMs: 0 });
  h.step();
  const [c] = created(h.end(TaskState.TASK_STATE_FAILED));
  t.equal(c?.task.desiredState, TaskState.TASK_STATE_RUNNING);
  t.equal(c?.startAt, undefined);
  t.end();
});

t.test('condition any restarts completed, failed, rejected and orphaned tasks', async (t) => {
  for (const state of [
    TaskState.TASK_STATE_COMPLETE,
    TaskState.TASK_STATE_FAILED,
    TaskState.TASK_STATE_REJECTED,
    TaskState.TASK_STATE_ORPHANED,
    TaskState.TASK_STATE_SHUTDOWN,
  ]) {
    const h = harness({ condition: RestartCondition.RESTART_CONDITION_ANY, delayMs: 0 });
    h.step();
    t.equal(created(h.end(state)).length, 1, `restarted after ${state}`);
  }
});

t.test('condition on-failure: complete stays down, failed is restarted', (t) => {
  const h = harness({ condition: RestartCondition.RESTART_CONDITION_ON_FAILURE, delayMs: 0 });
  h.step();
  t.equal(created(h.end(TaskState.TASK_STATE_FAILED)).length, 1);
  t.equal(created(h.end(TaskState.TASK_STATE_REJECTED)).length, 1);
  const actions = h.end(TaskState.TASK_STATE_COMPLETE);
  t.equal(created(actions).length, 0);
  t.equal(actions.length, 1, 'only the desired SHUTDOWN of the completed task');
  h.world.now += 3_600_000;
  t.same(h.step(), [], 'the slot stays settled');
  t.end();
});

t.test('condition none: nothing is restarted and the slot stays settled', (t) => {
  const h = harness({ condition: RestartCondition.RESTART_CONDITION_NONE });
  h.step();
  t.equal(created(h.end(TaskState.TASK_STATE_FAILED)).length, 0);
  t.same(h.step(), []);
  t.equal(h.world.liveBySlot().size, 0);
  t.end();
});

t.test('max attempts without a window: counted over the slot life', (t) => {
  const h = harness({ maxAttempts: 2, delayMs: 0 });
  h.step();
  t.equal(created(h.end(TaskState.TASK_STATE_FAILED)).length, 1, 'attempt 1');
  h.world.now += 3_600_000;
  t.equal(created(h.end(TaskState.TASK_STATE_FAILED)).length, 1, 'attempt 2, much later');
  h.world.now += 3_600_000;
  t.equal(created(h.end(TaskState.TASK_STATE_FAILED)).length, 0, 'no third attempt');
  t.equal(h.supervisor.attempts('svc', 'slot:1'), 2);
  h.world.now += 3_600_000;
  t.same(h.step(), [], 'gave up for good');
  t.end();
});

t.test('max attempts within a sliding window', (t) => {
  const h = harness({ maxAttempts: 2, windowMs: 60_000, delayMs: 0 });
  h.step();
  // Two quick failures use up the window's attempts...
  h.world.now += 1000;
  t.equal(created(h.end(TaskState.TASK_STATE_FAILED)).length, 1);
  h.world.now += 1000;
  t.equal(created(h.end(TaskState.TASK_STATE_FAILED)).length, 1);
  h.world.now += 1000;
  t.equal(created(h.end(TaskState.TASK_STATE_FAILED)).length, 0, 'third failure within 60 s: given up');

  // ...while failures spaced further apart than the window keep being restarted.
  const g = harness({ maxAttempts: 2, windowMs: 60_000, delayMs: 0 });
  g.step();
  for (let i = 0; i < 5; i++) {
    g.world.now += 31_000;
    t.equal(created(g.end(TaskState.TASK_STATE_FAILED)).length, 1, `failure ${i + 1}, 31 s after the last`);
  }
  g.world.now += 10_000;
  t.equal(created(g.end(TaskState.TASK_STATE_FAILED)).length, 0, 'two restarts within the last 60 s already');
  t.end();
});

t.test('a new spec version starts the attempt count afresh', (t) => {
  const h = harness({ maxAttempts: 1, delayMs: 0 }, 1);
  h.step();
  t.equal(created(h.end(TaskState.TASK_STATE_FAILED)).length, 1);
  // The service is updated; the running task is replaced with one of the new spec (as the updater
  // will), which then fails.
  h.setService(makeService({ replicas: 1, restart: { maxAttempts: 1, delayMs: 0 }, specVersion: 2 }));
  const old = h.current();
  h.world.apply([
    {
      kind: 'set-desired-state',
      taskId: old.id,
      version: old.meta!.version,
      desiredState: TaskState.TASK_STATE_SHUTDOWN,
      reason: 'update',
    },
  ]);
  h.world.report(old.id, TaskState.TASK_STATE_SHUTDOWN);
  t.equal(created(h.step()).length, 1, 'the slot is refilled with the new spec');
  t.equal(h.current().specVersion, 2);
  t.equal(created(h.end(TaskState.TASK_STATE_FAILED)).length, 1, 'restart allowed under the new spec');
  t.equal(created(h.end(TaskState.TASK_STATE_FAILED)).length, 0);
  t.end();
});

t.test('shouldRestart and restartKey units', (t) => {
  const s = new RestartSupervisor();
  const base = makeService({ replicas: 1, restart: { maxAttempts: 1, windowMs: 10_000 } });
  const task = {
    id: 'a',
    meta: { version: 1, createdAt: null, updatedAt: null },
    spec: base.spec!.task,
    specVersion: 1,
    serviceId: 'svc',
    slot: 1,
    nodeId: 'n1',
    serviceAnnotations: null,
    runtime: 2,
    desiredState: TaskState.TASK_STATE_RUNNING,
    status: {
      timestamp: null,
      state: TaskState.TASK_STATE_FAILED,
      message: '',
      err: '',
      portStatus: null,
      startedAt: null,
      health: 0,
    },
    endpoint: null,
  } as const;
  t.equal(restartKey(task), 'slot:1');
  t.equal(restartKey({ slot: 0, nodeId: 'n9' }), 'node:n9');
  t.ok(s.shouldRestart(task, T0));
  s.recordRestart(task, T0);
  t.notOk(s.shouldRestart(task, T0 + 5000), 'no timestamp: now is the end of the window');
  t.ok(s.shouldRestart(task, T0 + 10_000), 'the restart left the window');
  t.ok(s.shouldRestart({ ...task, serviceId: 'other' }, T0), 'per service');
  s.forgetService('svc');
  t.ok(s.shouldRestart(task, T0 + 1));
  t.end();
});
