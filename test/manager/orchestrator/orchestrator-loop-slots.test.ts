import t from 'tap';
import type { OrchestratorAction } from '../../../manager/orchestrator/action.ts';
import { reconcileGlobal } from '../../../manager/orchestrator/global.ts';
import { reconcileGlobalNodes } from '../../../manager/orchestrator/orchestrator-loop-slots.ts';
import { reconcileReplicated, reconcileReplicatedSlots } from '../../../manager/orchestrator/replicated.ts';
import { RestartSupervisor } from '../../../manager/orchestrator/restart-supervisor.ts';
import { NodeAvailability } from '../../../proto/gen/covey/v1/NodeAvailability.ts';
import { NodeState } from '../../../proto/gen/covey/v1/NodeState.ts';
import { TaskState } from '../../../proto/gen/covey/v1/TaskState.ts';
import { World, idSequence, labelMatcher, makeNode, makeService } from './world.ts';

/** An action without its generated id, so runs with different id sequences compare. */
function shape(world: World, a: OrchestratorAction): string {
  if (a.kind === 'create-task') {
    const { slot, nodeId, desiredState } = a.task;
    return JSON.stringify(['create', slot, nodeId, desiredState, a.reason, a.startAt ?? null]);
  }
  if (a.kind === 'set-desired-state') return JSON.stringify(['set', a.taskId, a.desiredState, a.reason]);
  if (a.kind === 'update-service') return JSON.stringify(['service', a.service.id, a.reason]);
  return JSON.stringify(['delete', a.taskId, world.get(a.taskId).slot]);
}

function slotOf(world: World, a: OrchestratorAction): number {
  if (a.kind === 'update-service') return 0;
  return a.kind === 'create-task' ? a.task.slot : world.get(a.taskId).slot;
}

function nodeOf(world: World, a: OrchestratorAction): string {
  if (a.kind === 'update-service') return '';
  return a.kind === 'create-task' ? a.task.nodeId : world.get(a.taskId).nodeId;
}

t.test('reconciling some slots decides what the full reconcile decides for them', (t) => {
  const world = new World();
  for (const id of ['n1', 'n2', 'n3']) world.nodes.set(id, makeNode(id));
  let service = makeService({ replicas: 6, restart: { delayMs: 1_000 } });
  const supervisor = new RestartSupervisor();
  const full = () =>
    reconcileReplicated({
      service,
      tasks: world.taskList(),
      nodes: world.nodes,
      now: world.now,
      newId: idSequence('f'),
      supervisor,
    });
  world.apply(full());
  world.scheduleAndRun();
  // Disturb it every way a slot can be: a failure, a lost node, a duplicate, a scale-down.
  world.report('f002', TaskState.TASK_STATE_FAILED);
  world.nodes.set('n1', makeNode('n1', { state: NodeState.NODE_STATE_DOWN }));
  world.apply([{ kind: 'create-task', task: { ...world.get('f003'), id: 'dup' }, reason: 'test' }]);
  service = makeService({ replicas: 4, restart: { delayMs: 1_000 } });
  world.now += 5_000;

  const expected = full();
  t.ok(expected.length >= 5, `${expected.length} actions to compare`);
  for (let slot = 1; slot <= 7; slot++) {
    const partial = reconcileReplicatedSlots(
      {
        service,
        tasks: world.taskList().filter((x) => x.slot === slot),
        nodes: world.nodes,
        now: world.now,
        newId: idSequence('p'),
        supervisor,
      },
      new Set([slot]),
    );
    t.same(
      partial.map((a) => shape(world, a)),
      expected.filter((a) => slotOf(world, a) === slot).map((a) => shape(world, a)),
      `slot ${slot}`,
    );
  }
  t.end();
});

t.test('reconciling some nodes of a global service decides what the full reconcile decides for them', (t) => {
  const world = new World();
  const east = { labels: { zone: 'east' } };
  world.nodes.set('n1', makeNode('n1', east));
  world.nodes.set('n2', makeNode('n2', east));
  world.nodes.set('n3', makeNode('n3', { labels: { zone: 'west' } }));
  world.nodes.set('n4', makeNode('n4', east));
  const service = makeService({ global: true, constraints: ['node.labels.zone==east'] });
  const supervisor = new RestartSupervisor();
  const input = () => ({
    service,
    tasks: world.taskList(),
    nodes: world.nodes,
    now: world.now,
    newId: idSequence('g'),
    supervisor,
    matchesConstraints: labelMatcher,
  });
  world.apply(reconcileGlobal(input()));
  world.scheduleAndRun();
  world.nodes.delete('n1');
  world.nodes.set('n2', makeNode('n2', { ...east, availability: NodeAvailability.NODE_AVAILABILITY_DRAIN }));
  world.nodes.set('n3', makeNode('n3', east));
  world.report('g003', TaskState.TASK_STATE_FAILED);

  const expected = reconcileGlobal(input());
  t.ok(expected.length >= 4, `${expected.length} actions to compare`);
  for (const node of ['n1', 'n2', 'n3', 'n4']) {
    const partial = reconcileGlobalNodes(input(), new Set([node]));
    t.same(
      partial.map((a) => shape(world, a)),
      expected.filter((a) => nodeOf(world, a) === node).map((a) => shape(world, a)),
      `node ${node}`,
    );
  }
  t.end();
});

t.test('slots outside the set are left alone, even empty ones', (t) => {
  const world = new World();
  world.nodes.set('n1', makeNode('n1'));
  const actions = reconcileReplicatedSlots(
    {
      service: makeService({ replicas: 100 }),
      tasks: [],
      nodes: world.nodes,
      now: world.now,
      newId: idSequence(),
      supervisor: new RestartSupervisor(),
    },
    new Set([7, 0]),
  );
  t.same(
    actions.map((a) => slotOf(world, a)),
    [7],
  );
  t.end();
});
