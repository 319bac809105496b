import t from 'tap';
import { newTask } from '../../../manager/orchestrator/new-task.ts';
import { nodeConstraintMatcher } from '../../../manager/orchestrator/orchestrator-loop-constraints.ts';
import {
  type PlanContext,
  planService,
  readTasks,
} from '../../../manager/orchestrator/orchestrator-loop-plan.ts';
import { RestartSupervisor } from '../../../manager/orchestrator/restart-supervisor.ts';
import { MemoryStore } from '../../../manager/store/memory-store.ts';
import type { Node__Output } from '../../../proto/gen/covey/v1/Node.ts';
import { NodeState } from '../../../proto/gen/covey/v1/NodeState.ts';
import type { Service__Output } from '../../../proto/gen/covey/v1/Service.ts';
import type { Task__Output } from '../../../proto/gen/covey/v1/Task.ts';
import { TaskState } from '../../../proto/gen/covey/v1/TaskState.ts';
import { DirectProposer } from '../direct-proposer.ts';
import { T0, idSequence, makeNode, makeService } from './world.ts';

async function setup(tasks: Task__Output[], nodes: Node__Output[]) {
  const store = new MemoryStore();
  await new DirectProposer(store, () => T0).propose(tasks.map((x) => ({ createTask: x })));
  const ctx = (services: Service__Output[]): PlanContext => ({
    store,
    services: new Map(services.map((s) => [s.id, s])),
    nodes: new Map(nodes.map((n) => [n.id, n])),
    historyLimit: 5,
    now: T0,
    newId: idSequence('new'),
    supervisor: new RestartSupervisor(),
    matchesConstraints: nodeConstraintMatcher(),
  });
  return { store, ctx };
}

function running(service: Service__Output, id: string, slot: number, nodeId: string): Task__Output {
  const x = newTask({ service, slot, nodeId, now: T0, newId: () => id });
  return { ...x, status: { ...x.status!, state: TaskState.TASK_STATE_RUNNING } };
}

const scope = (o: { full?: boolean; slots?: number[]; nodes?: string[] }) => ({
  full: o.full ?? false,
  slots: new Set(o.slots ?? []),
  nodes: new Set(o.nodes ?? []),
});

t.test('a partial plan reads only the dirty slots; a mostly dirty service is read whole', async (t) => {
  const svc = makeService({ id: 's1', replicas: 8 });
  const tasks = Array.from({ length: 8 }, (_, i) => running(svc, `t${i + 1}`, i + 1, 'n1'));
  const { store, ctx } = await setup(tasks, [makeNode('n1')]);
  t.same(
    readTasks(store, 's1', scope({ slots: [2, 5] }))
      .map((x) => x.id)
      .sort(),
    ['t2', 't5'],
  );
  const one = planService(ctx([svc]), 's1', scope({ slots: [2] }));
  t.equal(one.full, false);
  t.equal(one.tasks.length, 1);
  t.same(one.actions, [], 'converged');
  const three = planService(ctx([svc]), 's1', scope({ slots: [1, 2, 3] }));
  t.equal(three.full, true, '3 of 8 slots dirty: read whole');
  t.equal(three.tasks.length, 8);
});

t.test('a task both on a down node and off its constraints is stopped once', async (t) => {
  const svc = makeService({ id: 's1', replicas: 1, constraints: ['node.labels.zone==east'] });
  const down = makeNode('n1', { state: NodeState.NODE_STATE_DOWN, labels: { zone: 'west' } });
  const { ctx } = await setup([running(svc, 't1', 1, 'n1')], [down]);
  const plan = planService(ctx([svc]), 's1', scope({ slots: [1] }));
  const updates = plan.actions.filter((a) => a.storeAction.updateTask !== undefined);
  t.equal(updates.length, 1);
  t.equal(updates[0]?.storeAction.updateTask?.desiredState, TaskState.TASK_STATE_SHUTDOWN);
  t.equal(updates[0]?.storeAction.expectedVersion, 1);
  t.equal(plan.actions.filter((a) => a.action.kind === 'create-task').length, 1, 'and replaced');
  t.ok(plan.actions.every((a) => a.serviceId === 's1' && a.slot === 1));
});

t.test("a deleted service's tasks: live ones stopped, finished ones deleted", async (t) => {
  const svc = makeService({ id: 'gone' });
  const finished = { ...running(svc, 't2', 2, 'n1'), desiredState: TaskState.TASK_STATE_SHUTDOWN };
  const ended = { ...finished, status: { ...finished.status!, state: TaskState.TASK_STATE_SHUTDOWN } };
  const { ctx } = await setup([running(svc, 't1', 1, 'n1'), ended], [makeNode('n1')]);
  const plan = planService(ctx([]), 'gone', scope({ full: true }));
  t.same(
    plan.actions.map((a) => [a.action.kind, a.slot]),
    [
      ['set-desired-state', 1],
      ['delete-task', 2],
    ],
  );
  t.equal(plan.actions[0]?.storeAction.updateTask?.desiredState, TaskState.TASK_STATE_REMOVE);
});

t.test('a global service reads the dirty nodes only', async (t) => {
  const svc = makeService({ id: 'g', global: true });
  const { ctx } = await setup(
    [running(svc, 't1', 0, 'n1')],
    [makeNode('n1'), makeNode('n2'), makeNode('n3'), makeNode('n4'), makeNode('n5')],
  );
  const plan = planService(ctx([svc]), 'g', scope({ nodes: ['n2'] }));
  t.equal(plan.full, false);
  t.same(
    plan.actions.map((a) => [a.action.kind, a.nodeId]),
    [['create-task', 'n2']],
  );
});

// Regression (bench:scheduler, 100k replicas): appending a whole reconcile's actions with
// push(...actions) overflowed the stack, and the service was never reconciled again.
t.test('a service of 200,000 missing replicas is planned without overflowing the stack', async (t) => {
  const svc = makeService({ id: 'big', replicas: 200_000 });
  const { ctx } = await setup([], [makeNode('n1')]);
  const plan = planService(ctx([svc]), 'big', scope({ full: true }));
  t.equal(plan.actions.length, 200_000, 'one creation per slot');
});
