import t from 'tap';
import type { CreateTaskAction, OrchestratorAction } from '../../../manager/orchestrator/action.ts';
import { ServiceModeError } from '../../../manager/orchestrator/errors.ts';
import { reconcileGlobal } from '../../../manager/orchestrator/global.ts';
import { RestartSupervisor } from '../../../manager/orchestrator/restart-supervisor.ts';
import { NodeAvailability } from '../../../proto/gen/covey/v1/NodeAvailability.ts';
import { NodeState } from '../../../proto/gen/covey/v1/NodeState.ts';
import { RestartCondition } from '../../../proto/gen/covey/v1/RestartCondition.ts';
import type { Service__Output } from '../../../proto/gen/covey/v1/Service.ts';
import { TaskState } from '../../../proto/gen/covey/v1/TaskState.ts';
import { World, idSequence, labelMatcher, makeNode, makeService } from './world.ts';

function setup(service: Service__Output, nodes: string[]) {
  const world = new World();
  for (const id of nodes) world.nodes.set(id, makeNode(id));
  const supervisor = new RestartSupervisor();
  const newId = idSequence();
  const reconcile = () =>
    reconcileGlobal({
      service,
      tasks: world.taskList(),
      nodes: world.nodes,
      now: world.now,
      newId,
      supervisor,
      matchesConstraints: labelMatcher,
    });
  const step = (): OrchestratorAction[] => {
    const actions = reconcile();
    world.apply(actions);
    world.scheduleAndRun();
    return actions;
  };
  const liveNodes = () =>
    world
      .taskList()
      .filter(
        (x) =>
          x.desiredState <= TaskState.TASK_STATE_RUNNING &&
          (x.status?.state ?? 0) <= TaskState.TASK_STATE_RUNNING,
      )
      .map((x) => x.nodeId)
      .sort();
  return { world, reconcile, step, liveNodes };
}

const created = (a: readonly OrchestratorAction[]) =>
  a.filter((x): x is CreateTaskAction => x.kind === 'create-task');

t.test('one task per ready active node, placed on it, slot 0', (t) => {
  const { step, liveNodes, reconcile } = setup(makeService({ global: true }), ['n2', 'n1', 'n3']);
  const c = created(step());
  t.same(
    c.map((a) => [a.task.nodeId, a.task.slot, a.task.desiredState]),
    [
      ['n1', 0, TaskState.TASK_STATE_RUNNING],
      ['n2', 0, TaskState.TASK_STATE_RUNNING],
      ['n3', 0, TaskState.TASK_STATE_RUNNING],
    ],
  );
  t.same(liveNodes(), ['n1', 'n2', 'n3']);
  t.same(reconcile(), [], 'converged: no actions');
  t.end();
});

t.test('follows a node that joins: a task once it is ready', (t) => {
  const { world, step, liveNodes } = setup(makeService({ global: true }), ['n1']);
  step();
  world.nodes.set('n2', makeNode('n2', { state: NodeState.NODE_STATE_UNKNOWN }));
  t.same(step(), [], 'not ready yet');
  world.nodes.set('n2', makeNode('n2'));
  t.same(
    created(step()).map((a) => a.task.nodeId),
    ['n2'],
  );
  t.same(liveNodes(), ['n1', 'n2']);
  t.end();
});

t.test('drain, down and removal stop the node task; none is created elsewhere', (t) => {
  const { world, step, liveNodes, reconcile } = setup(makeService({ global: true }), [
    'n1',
    'n2',
    'n3',
    'n4',
  ]);
  step();
  world.nodes.set('n1', makeNode('n1', { availability: NodeAvailability.NODE_AVAILABILITY_DRAIN }));
  world.nodes.set('n2', makeNode('n2', { state: NodeState.NODE_STATE_DOWN }));
  world.nodes.delete('n3');
  const actions = step();
  t.same(created(actions), []);
  t.same(
    actions.map((a) =>
      a.kind === 'set-desired-state' ? [world.get(a.taskId).nodeId, a.desiredState, a.reason] : [],
    ),
    [
      ['n1', TaskState.TASK_STATE_SHUTDOWN, 'node is drained'],
      ['n2', TaskState.TASK_STATE_SHUTDOWN, 'node is down'],
      ['n3', TaskState.TASK_STATE_REMOVE, 'node was removed'],
    ],
  );
  t.same(liveNodes(), ['n4']);
  t.same(reconcile(), []);
  // The drained node comes back: a new task.
  world.nodes.set('n1', makeNode('n1'));
  t.same(
    created(step()).map((a) => a.task.nodeId),
    ['n1'],
  );
  t.end();
});

t.test('a paused node keeps its task but gets none if it has none', (t) => {
  const { world, step, reconcile } = setup(makeService({ global: true }), ['n1']);
  step();
  world.nodes.set('n1', makeNode('n1', { availability: NodeAvailability.NODE_AVAILABILITY_PAUSE }));
  world.nodes.set('n2', makeNode('n2', { availability: NodeAvailability.NODE_AVAILABILITY_PAUSE }));
  t.same(reconcile(), []);
  t.end();
});

t.test('label changes: constraints decide which nodes run the service', (t) => {
  const svc = makeService({ global: true, constraints: ['node.labels.zone==east'] });
  const { world, step, liveNodes } = setup(svc, []);
  world.nodes.set('n1', makeNode('n1', { labels: { zone: 'east' } }));
  world.nodes.set('n2', makeNode('n2', { labels: { zone: 'west' } }));
  step();
  t.same(liveNodes(), ['n1']);
  world.nodes.set('n2', makeNode('n2', { labels: { zone: 'east' } }));
  world.nodes.set('n1', makeNode('n1', { labels: {} }));
  const actions = step();
  t.same(
    actions.map((a) =>
      a.kind === 'create-task'
        ? ['create', a.task.nodeId]
        : [a.kind, a.kind === 'set-desired-state' ? a.reason : ''],
    ),
    [
      ['set-desired-state', 'constraint no longer satisfied'],
      ['create', 'n2'],
    ],
  );
  t.same(liveNodes(), ['n2']);
  t.end();
});

t.test('a failed global task is restarted on the same node after its delay', (t) => {
  const { world, step } = setup(makeService({ global: true, restart: { delayMs: 2000 } }), ['n1']);
  step();
  const first = world.taskList()[0]!;
  world.report(first.id, TaskState.TASK_STATE_FAILED);
  const [c] = created(step());
  t.equal(c?.task.nodeId, 'n1');
  t.equal(c?.task.desiredState, TaskState.TASK_STATE_READY);
  world.now += 2000;
  t.same(
    step().map((a) => a.kind === 'set-desired-state' && a.desiredState),
    [TaskState.TASK_STATE_RUNNING],
  );
  t.end();
});

t.test('condition none: a completed global task is not replaced', (t) => {
  const { world, step, reconcile } = setup(
    makeService({ global: true, restart: { condition: RestartCondition.RESTART_CONDITION_NONE } }),
    ['n1'],
  );
  step();
  world.report(world.taskList()[0]!.id, TaskState.TASK_STATE_COMPLETE);
  t.same(created(step()), []);
  t.same(reconcile(), []);
  t.end();
});

t.test('duplicate tasks on one node are trimmed', (t) => {
  const { world, step, reconcile } = setup(makeService({ global: true }), ['n1']);
  step();
  const orig = world.taskList()[0]!;
  world.apply([{ kind: 'create-task', reason: 'test', task: { ...structuredClone(orig), id: 'zzz' } }]);
  const actions = step();
  t.equal(actions.length, 1);
  t.ok(
    actions[0]?.kind === 'set-desired-state' && actions[0].taskId === 'zzz',
    'the newer of two equal tasks goes',
  );
  t.same(reconcile(), []);
  t.end();
});

t.test('deterministic and refuses replicated services', (t) => {
  const run = () => setup(makeService({ global: true }), ['a', 'c', 'b']).reconcile();
  t.same(run(), run());
  const { world } = setup(makeService({ global: true }), []);
  t.throws(
    () =>
      reconcileGlobal({
        service: makeService({ replicas: 2 }),
        tasks: [],
        nodes: world.nodes,
        now: world.now,
        newId: idSequence(),
        supervisor: new RestartSupervisor(),
        matchesConstraints: labelMatcher,
      }),
    ServiceModeError,
  );
  t.end();
});

t.test('a node under update keeps its extra task (start-first)', (t) => {
  const { world, step } = setup(makeService({ global: true }), ['n1']);
  step();
  const orig = world.taskList()[0]!;
  world.apply([{ kind: 'create-task', reason: 'test', task: { ...structuredClone(orig), id: 'zzz' } }]);
  const actions = reconcileGlobal({
    service: makeService({ global: true }),
    tasks: world.taskList(),
    nodes: world.nodes,
    now: world.now,
    newId: idSequence('g'),
    supervisor: new RestartSupervisor(),
    matchesConstraints: labelMatcher,
    nodesUnderUpdate: new Set(['n1']),
  });
  t.same(actions, []);
  t.end();
});
