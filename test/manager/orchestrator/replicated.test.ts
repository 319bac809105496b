import t from 'tap';
import type { OrchestratorAction } from '../../../manager/orchestrator/action.ts';
import { ServiceModeError } from '../../../manager/orchestrator/errors.ts';
import { reconcileReplicated } from '../../../manager/orchestrator/replicated.ts';
import { RestartSupervisor } from '../../../manager/orchestrator/restart-supervisor.ts';
import { NodeAvailability } from '../../../proto/gen/covey/v1/NodeAvailability.ts';
import type { Service__Output } from '../../../proto/gen/covey/v1/Service.ts';
import { NodeState } from '../../../proto/gen/covey/v1/NodeState.ts';
import { RestartCondition } from '../../../proto/gen/covey/v1/RestartCondition.ts';
import { TaskState } from '../../../proto/gen/covey/v1/TaskState.ts';
import { World, idSequence, makeNode, makeService } from './world.ts';

function setup(service: Service__Output, nodeCount = 3) {
  const world = new World();
  for (let i = 1; i <= nodeCount; i++) world.nodes.set(`n${i}`, makeNode(`n${i}`));
  const supervisor = new RestartSupervisor();
  const newId = idSequence();
  let svc = service;
  const reconcile = (extra: { slotsUnderUpdate?: Set<number> } = {}): OrchestratorAction[] =>
    reconcileReplicated({
      service: svc,
      tasks: world.taskList(),
      nodes: world.nodes,
      now: world.now,
      newId,
      supervisor,
      ...extra,
    });
  const step = () => {
    const actions = reconcile();
    world.apply(actions);
    return actions;
  };
  const converge = () => {
    step();
    world.scheduleAndRun();
  };
  return { world, supervisor, reconcile, step, converge, setService: (s: Service__Output) => (svc = s) };
}

const creates = (a: readonly OrchestratorAction[]) => a.filter((x) => x.kind === 'create-task');
const desired = (a: readonly OrchestratorAction[], state: number) =>
  a.filter((x) => x.kind === 'set-desired-state' && x.desiredState === state);

t.test('creates one task per slot 1..replicas', (t) => {
  const { world, step } = setup(makeService({ replicas: 3 }));
  const actions = step();
  const created = creates(actions);
  t.equal(created.length, 3);
  t.same(
    created.map((a) => (a.kind === 'create-task' ? [a.task.slot, a.task.nodeId, a.task.desiredState] : [])),
    [
      [1, '', TaskState.TASK_STATE_RUNNING],
      [2, '', TaskState.TASK_STATE_RUNNING],
      [3, '', TaskState.TASK_STATE_RUNNING],
    ],
  );
  t.same([...world.liveBySlot().keys()].sort(), [1, 2, 3]);
  t.end();
});

t.test('a converged service yields no actions (idempotent)', (t) => {
  const { converge, reconcile, world } = setup(makeService({ replicas: 4 }));
  converge();
  t.same(reconcile(), []);
  world.now += 60_000;
  t.same(reconcile(), [], 'still nothing later');
  t.end();
});

t.test('same inputs give the same actions (deterministic)', (t) => {
  const run = () => {
    const { world, step, converge } = setup(makeService({ replicas: 5, restart: { delayMs: 1000 } }));
    converge();
    world.report('t002', TaskState.TASK_STATE_FAILED);
    world.nodes.set('n1', makeNode('n1', { state: NodeState.NODE_STATE_DOWN }));
    return step();
  };
  const a = run();
  t.ok(a.length > 0);
  t.same(run(), a);
  t.end();
});

t.test('scale up creates only the missing slots', (t) => {
  const { world, converge, step, setService } = setup(makeService({ replicas: 2 }));
  converge();
  setService(makeService({ replicas: 5 }));
  const actions = step();
  t.same(
    creates(actions).map((a) => (a.kind === 'create-task' ? a.task.slot : 0)),
    [3, 4, 5],
  );
  t.equal(actions.length, 3);
  t.equal(world.liveBySlot().size, 5);
  t.end();
});

t.test('scale down removes the highest slots first', (t) => {
  const { world, converge, step, setService, reconcile } = setup(makeService({ replicas: 5 }));
  converge();
  setService(makeService({ replicas: 2 }));
  const actions = step();
  t.equal(actions.length, 3);
  t.same(
    actions.map((a) =>
      a.kind === 'set-desired-state' ? [world.get(a.taskId).slot, a.desiredState, a.reason] : [],
    ),
    [
      [5, TaskState.TASK_STATE_REMOVE, 'service scaled down'],
      [4, TaskState.TASK_STATE_REMOVE, 'service scaled down'],
      [3, TaskState.TASK_STATE_REMOVE, 'service scaled down'],
    ],
  );
  t.same([...world.liveBySlot().keys()].sort(), [1, 2]);
  t.same(reconcile(), [], 'converged after scale down');
  t.end();
});

t.test('scale to zero, then back up, refills the slots', (t) => {
  const { world, converge, step, setService } = setup(
    makeService({ replicas: 2, restart: { condition: RestartCondition.RESTART_CONDITION_NONE } }),
  );
  converge();
  setService(makeService({ replicas: 0, restart: { condition: RestartCondition.RESTART_CONDITION_NONE } }));
  step();
  for (const task of world.taskList()) world.report(task.id, TaskState.TASK_STATE_SHUTDOWN);
  t.equal(world.liveBySlot().size, 0);
  setService(makeService({ replicas: 2, restart: { condition: RestartCondition.RESTART_CONDITION_NONE } }));
  t.equal(creates(step()).length, 2, 'removed slots do not count as settled');
  t.end();
});

t.test('a task on a node that goes down is replaced elsewhere at once', (t) => {
  const { world, converge, step, reconcile } = setup(makeService({ replicas: 3 }));
  converge();
  const onN1 = world.taskList().filter((x) => x.nodeId === 'n1');
  t.equal(onN1.length, 1);
  const old = onN1[0]!;
  world.nodes.set('n1', makeNode('n1', { state: NodeState.NODE_STATE_DOWN }));
  const actions = step();
  t.same(desired(actions, TaskState.TASK_STATE_SHUTDOWN), [
    {
      kind: 'set-desired-state',
      taskId: old.id,
      version: old.meta!.version,
      desiredState: TaskState.TASK_STATE_SHUTDOWN,
      reason: 'node is down',
    },
  ]);
  const c = creates(actions);
  t.equal(c.length, 1);
  const created = c[0]!;
  t.ok(created.kind === 'create-task' && created.task.slot === old.slot && created.task.nodeId === '');
  t.ok(
    created.kind === 'create-task' && created.task.desiredState === TaskState.TASK_STATE_RUNNING,
    'no restart delay',
  );
  t.notOk(created.kind === 'create-task' && created.startAt !== undefined);
  world.scheduleAndRun();
  t.same(reconcile(), []);
  t.end();
});

t.test('node down replaces even with restart condition none, and is not a restart attempt', (t) => {
  const { world, converge, step, supervisor } = setup(
    makeService({ replicas: 1, restart: { condition: RestartCondition.RESTART_CONDITION_NONE } }),
    2,
  );
  converge();
  const old = world.taskList()[0]!;
  world.nodes.set(old.nodeId, makeNode(old.nodeId, { state: NodeState.NODE_STATE_DOWN }));
  t.equal(creates(step()).length, 1);
  t.equal(supervisor.attempts('svc', 'slot:1'), 0);
  t.end();
});

t.test('draining a node moves its tasks; removed node too', (t) => {
  const { world, converge, step, reconcile } = setup(makeService({ replicas: 6 }));
  converge();
  world.nodes.set('n2', makeNode('n2', { availability: NodeAvailability.NODE_AVAILABILITY_DRAIN }));
  world.nodes.delete('n3');
  const actions = step();
  const reasons = desired(actions, TaskState.TASK_STATE_SHUTDOWN).map((a) =>
    a.kind === 'set-desired-state' ? a.reason : '',
  );
  t.same(reasons.sort(), ['node is drained', 'node is drained', 'node was removed', 'node was removed']);
  t.equal(creates(actions).length, 4);
  world.scheduleAndRun();
  t.ok(world.taskList().every((x) => x.desiredState > TaskState.TASK_STATE_RUNNING || x.nodeId === 'n1'));
  t.equal(world.liveBySlot().size, 6);
  t.same(reconcile(), []);
  t.end();
});

t.test('a paused or disconnected node keeps its tasks', (t) => {
  const { world, converge, reconcile } = setup(makeService({ replicas: 3 }));
  converge();
  world.nodes.set('n1', makeNode('n1', { availability: NodeAvailability.NODE_AVAILABILITY_PAUSE }));
  world.nodes.set('n2', makeNode('n2', { state: NodeState.NODE_STATE_DISCONNECTED }));
  t.same(reconcile(), []);
  t.end();
});

t.test('duplicate live tasks in a slot are trimmed to the one furthest along', (t) => {
  const { world, converge, step, reconcile, supervisor } = setup(makeService({ replicas: 2 }));
  converge();
  const running = world.taskList().find((x) => x.slot === 1)!;
  // A second task in slot 1 (e.g. left by a leader change mid-batch), still pending.
  world.apply([
    {
      kind: 'create-task',
      reason: 'test',
      task: {
        ...structuredClone(running),
        id: 'dup',
        status: { ...running.status!, state: TaskState.TASK_STATE_PENDING },
        nodeId: '',
      },
    },
  ]);
  t.equal(
    reconcileReplicated({
      service: makeService({ replicas: 2 }),
      tasks: world.taskList(),
      nodes: world.nodes,
      now: world.now,
      newId: idSequence('x'),
      supervisor,
      slotsUnderUpdate: new Set([1]),
    }).length,
    0,
    'a slot under update is left to the updater',
  );
  const actions = step();
  t.same(actions, [
    {
      kind: 'set-desired-state',
      taskId: 'dup',
      version: world.get('dup').meta!.version - 1,
      desiredState: TaskState.TASK_STATE_SHUTDOWN,
      reason: 'duplicate task in slot',
    },
  ]);
  t.same(reconcile(), []);
  t.end();
});

t.test('a global service is refused', (t) => {
  const { world } = setup(makeService({ replicas: 1 }));
  t.throws(
    () =>
      reconcileReplicated({
        service: makeService({ global: true }),
        tasks: [],
        nodes: world.nodes,
        now: world.now,
        newId: idSequence(),
        supervisor: new RestartSupervisor(),
      }),
    ServiceModeError,
  );
  t.end();
});

t.test('a held task in a slot under update is the updater’s to start', (t) => {
  const { world, converge, supervisor } = setup(makeService({ replicas: 1, restart: { delayMs: 1000 } }));
  converge();
  const old = world.taskList()[0]!;
  world.report(old.id, TaskState.TASK_STATE_FAILED);
  const run = (slotsUnderUpdate?: Set<number>) =>
    reconcileReplicated({
      service: makeService({ replicas: 1, restart: { delayMs: 1000 } }),
      tasks: world.taskList(),
      nodes: world.nodes,
      now: world.now,
      newId: idSequence('h'),
      supervisor,
      ...(slotsUnderUpdate ? { slotsUnderUpdate } : {}),
    });
  world.apply(run());
  world.now += 1000;
  t.same(run(new Set([1])), [], 'left alone while the updater owns the slot');
  t.equal(desired(run(), TaskState.TASK_STATE_RUNNING).length, 1, 'started otherwise');
  t.end();
});
