import t from 'tap';
import { enforceConstraints } from '../../../manager/orchestrator/constraint-enforcer.ts';
import { reconcileReplicated } from '../../../manager/orchestrator/replicated.ts';
import { RestartSupervisor } from '../../../manager/orchestrator/restart-supervisor.ts';
import { NodeAvailability } from '../../../proto/gen/covey/v1/NodeAvailability.ts';
import { RestartCondition } from '../../../proto/gen/covey/v1/RestartCondition.ts';
import { TaskState } from '../../../proto/gen/covey/v1/TaskState.ts';
import { World, idSequence, labelMatcher, makeNode, makeService } from './world.ts';

function setup(restartNone = false) {
  const world = new World();
  world.nodes.set('n1', makeNode('n1', { labels: { disk: 'ssd' } }));
  world.nodes.set('n2', makeNode('n2', { labels: { disk: 'ssd' } }));
  const service = makeService({
    replicas: 2,
    constraints: ['node.labels.disk==ssd'],
    ...(restartNone ? { restart: { condition: RestartCondition.RESTART_CONDITION_NONE } } : {}),
  });
  const supervisor = new RestartSupervisor();
  const newId = idSequence();
  const orchestrate = () => {
    const actions = reconcileReplicated({
      service,
      tasks: world.taskList(),
      nodes: world.nodes,
      now: world.now,
      newId,
      supervisor,
    });
    world.apply(actions);
    return actions;
  };
  const enforce = () =>
    enforceConstraints({
      tasks: world.taskList(),
      nodes: world.nodes,
      services: new Map([[service.id, service]]),
      matchesConstraints: labelMatcher,
    });
  // The test scheduler ignores constraints, so place by hand: slot 1 on n1, slot 2 on n2.
  orchestrate();
  for (const task of world.taskList()) world.report(task.id, TaskState.TASK_STATE_RUNNING, `n${task.slot}`);
  return { world, orchestrate, enforce };
}

t.test('nothing to do while constraints hold', (t) => {
  const { enforce } = setup();
  t.same(enforce(), []);
  t.end();
});

t.test('a label removed: the task is shut down and the orchestrator replaces it', async (t) => {
  for (const restartNone of [false, true]) {
    const { world, enforce, orchestrate } = setup(restartNone);
    world.nodes.set('n1', makeNode('n1', { labels: {} }));
    const victim = world.taskList().find((x) => x.nodeId === 'n1')!;
    const actions = enforce();
    t.same(actions, [
      {
        kind: 'set-desired-state',
        taskId: victim.id,
        version: victim.meta!.version,
        desiredState: TaskState.TASK_STATE_SHUTDOWN,
        reason: 'constraint no longer satisfied',
      },
    ]);
    world.apply(actions);
    // Whether the orchestrator runs before or after the agent reports the stop, the slot is refilled,
    // whatever the restart condition (the task did not end on its own).
    if (restartNone) world.report(victim.id, TaskState.TASK_STATE_SHUTDOWN);
    const replacement = orchestrate().filter((a) => a.kind === 'create-task');
    t.equal(replacement.length, 1, `replaced (restart none: ${restartNone})`);
    t.ok(
      replacement[0]?.kind === 'create-task' &&
        replacement[0].task.slot === victim.slot &&
        replacement[0].task.nodeId === '',
    );
  }
});

t.test('uses the service constraints, not the stale copy in the task', (t) => {
  const { world, enforce } = setup();
  const stale = world.taskList()[0]!;
  world.tasks.set(stale.id, { ...stale, spec: { ...stale.spec!, placement: null } });
  world.nodes.set(stale.nodeId, makeNode(stale.nodeId, { labels: { disk: 'hdd' } }));
  t.same(
    enforce().map((a) => a.taskId),
    [stale.id],
  );
  t.end();
});

t.test('leaves drained and paused nodes, ended and unwanted tasks alone', (t) => {
  const { world, enforce } = setup();
  world.nodes.set(
    'n1',
    makeNode('n1', { labels: {}, availability: NodeAvailability.NODE_AVAILABILITY_PAUSE }),
  );
  world.nodes.set(
    'n2',
    makeNode('n2', { labels: {}, availability: NodeAvailability.NODE_AVAILABILITY_DRAIN }),
  );
  t.same(enforce(), []);
  world.nodes.set('n1', makeNode('n1', { labels: {} }));
  world.nodes.set('n2', makeNode('n2', { labels: {} }));
  const [a, b] = world.taskList();
  world.report(a!.id, TaskState.TASK_STATE_FAILED);
  world.apply([
    {
      kind: 'set-desired-state',
      taskId: b!.id,
      version: b!.meta!.version,
      desiredState: TaskState.TASK_STATE_SHUTDOWN,
      reason: 'x',
    },
  ]);
  t.same(enforce(), []);
  t.end();
});

t.test('a task of a removed service is checked against its own constraints', (t) => {
  const { world } = setup();
  world.nodes.set('n1', makeNode('n1', { labels: {} }));
  const actions = enforceConstraints({
    tasks: world.taskList(),
    nodes: world.nodes,
    services: new Map(),
    matchesConstraints: labelMatcher,
  });
  t.same(
    actions.map((a) => world.get(a.taskId).nodeId),
    ['n1'],
  );
  t.end();
});
