// Incremental accounting: tasks reserve on assignment and release when they finish, nodes update
// without losing their tasks, tasks seen before their node wait for it.
import t from 'tap';
import { NodeSet } from '../../../manager/scheduler/node-set.ts';
import { NodeAvailability } from '../../../proto/gen/covey/v1/NodeAvailability.ts';
import { NodeState } from '../../../proto/gen/covey/v1/NodeState.ts';
import { RuntimeKind } from '../../../proto/gen/covey/v1/RuntimeKind.ts';
import { TaskState } from '../../../proto/gen/covey/v1/TaskState.ts';
import { CPU, GiB, makeNode, makeTask } from './fixtures.ts';

t.test('resources follow a task through assign, run and finish', async (t) => {
  const set = new NodeSet();
  set.upsertNode(makeNode('n1', { nanoCpus: 4 * CPU, memoryBytes: 8 * GiB }));
  const info = set.get('n1');
  if (info === undefined) throw new Error('node missing');
  const task = makeTask('t1', {
    serviceId: 's',
    nodeId: 'n1',
    state: TaskState.TASK_STATE_ASSIGNED,
    nanoCpus: CPU,
    memoryBytes: 2 * GiB,
    hostPorts: ['80'],
  });
  set.upsertTask(task);
  t.equal(info.availableNanoCpus, 3 * CPU);
  t.equal(info.availableMemoryBytes, 6 * GiB);
  t.equal(info.taskCount, 1);
  t.equal(info.serviceTaskCount('s'), 1);
  t.ok(info.hostPorts.has('80/tcp'));
  t.same(
    [...set.nodesOfService('s')].map((n) => n.id),
    ['n1'],
  );
  set.upsertTask({
    ...task,
    status: { ...(task.status as NonNullable<typeof task.status>), state: TaskState.TASK_STATE_RUNNING },
  });
  t.equal(info.availableMemoryBytes, 6 * GiB, 'an update in place changes nothing');
  t.equal(info.taskCount, 1);
  set.upsertTask({
    ...task,
    status: { ...(task.status as NonNullable<typeof task.status>), state: TaskState.TASK_STATE_COMPLETE },
  });
  t.equal(info.availableNanoCpus, 4 * CPU, 'COMPLETE releases');
  t.equal(info.availableMemoryBytes, 8 * GiB);
  t.equal(info.taskCount, 0);
  t.equal(info.serviceTaskCount('s'), 0);
  t.notOk(info.hostPorts.has('80/tcp'));
  t.equal(set.nodesOfService('s').size, 0);
  t.equal(set.nodeOfTask('t1'), undefined);
  set.upsertTask({
    ...task,
    status: { ...(task.status as NonNullable<typeof task.status>), state: TaskState.TASK_STATE_FAILED },
  });
  t.equal(info.taskCount, 0, 'a later terminal update is a no-op');
});

t.test('every terminal state releases; a task moved to another node is re-accounted', async (t) => {
  for (const state of [
    TaskState.TASK_STATE_SHUTDOWN,
    TaskState.TASK_STATE_FAILED,
    TaskState.TASK_STATE_REJECTED,
    TaskState.TASK_STATE_ORPHANED,
  ]) {
    const set = new NodeSet();
    set.upsertNode(makeNode('n1'));
    set.upsertTask(makeTask('t', { nodeId: 'n1', memoryBytes: GiB }));
    set.upsertTask(makeTask('t', { nodeId: 'n1', memoryBytes: GiB, state }));
    t.equal(set.get('n1')?.reservedMemoryBytes, 0, `state ${state}`);
  }
  const set = new NodeSet();
  set.upsertNode(makeNode('n1'));
  set.upsertNode(makeNode('n2'));
  set.upsertTask(makeTask('t', { nodeId: 'n1', memoryBytes: GiB }));
  set.upsertTask(makeTask('t', { nodeId: 'n2', memoryBytes: GiB }));
  t.equal(set.get('n1')?.reservedMemoryBytes, 0);
  t.equal(set.get('n2')?.reservedMemoryBytes, GiB);
  set.removeTask('t');
  t.equal(set.get('n2')?.reservedMemoryBytes, 0);
  set.upsertTask(makeTask('u', { memoryBytes: GiB }));
  t.equal(set.nodeOfTask('u'), undefined, 'unassigned tasks are not accounted');
});

t.test('node updates keep task accounting and invalidate cached eligibility', async (t) => {
  const set = new NodeSet();
  set.upsertNode(makeNode('n1', { memoryBytes: 8 * GiB }));
  set.upsertNode(makeNode('n2'));
  set.upsertTask(makeTask('t', { nodeId: 'n1', memoryBytes: GiB }));
  t.same(
    set.eligibleFor(RuntimeKind.RUNTIME_KIND_DOCKER).map((n) => n.id),
    ['n1', 'n2'],
  );
  set.upsertNode(
    makeNode('n1', { memoryBytes: 16 * GiB, availability: NodeAvailability.NODE_AVAILABILITY_DRAIN }),
  );
  t.equal(set.get('n1')?.availableMemoryBytes, 15 * GiB, 'new total, same reservation');
  t.same(
    set.eligibleFor(RuntimeKind.RUNTIME_KIND_DOCKER).map((n) => n.id),
    ['n2'],
    'drained node no longer eligible',
  );
  set.upsertNode(makeNode('n2', { state: NodeState.NODE_STATE_DOWN }));
  t.same(set.eligibleFor(RuntimeKind.RUNTIME_KIND_DOCKER), []);
});

t.test('tasks of unknown nodes wait for the node; a removed node keeps them for its return', async (t) => {
  const set = new NodeSet();
  set.upsertTask(makeTask('t', { serviceId: 's', nodeId: 'n9', memoryBytes: GiB }));
  t.equal(set.nodeOfTask('t'), 'n9');
  set.upsertNode(makeNode('n9'));
  t.equal(set.get('n9')?.reservedMemoryBytes, GiB);
  t.equal(set.nodesOfService('s').size, 1);
  set.removeNode('n9');
  t.equal(set.size, 0);
  t.equal(set.nodesOfService('s').size, 0);
  set.upsertNode(makeNode('n9'));
  t.equal(set.get('n9')?.reservedMemoryBytes, GiB, 'tasks re-attached');
  set.removeNode('n9');
  set.removeTask('t');
  set.upsertNode(makeNode('n9'));
  t.equal(set.get('n9')?.reservedMemoryBytes, 0, 'a task removed meanwhile is forgotten');
});

t.test('accounting a task again moves it instead of counting it twice', async (t) => {
  const set = new NodeSet();
  set.upsertNode(makeNode('n1'));
  set.upsertNode(makeNode('n2'));
  const usage = { taskId: 't', serviceId: 's', nanoCpus: 0, memoryBytes: GiB, hostPorts: [] };
  set.account('n1', usage);
  set.account('n2', usage);
  t.equal(set.get('n1')?.reservedMemoryBytes, 0);
  t.equal(set.get('n2')?.reservedMemoryBytes, GiB);
  t.equal(set.nodesOfService('s').size, 1);
});

t.test('ordered() sorts by id and ranks', async (t) => {
  const set = new NodeSet();
  for (const id of ['c', 'a', 'b']) set.upsertNode(makeNode(id));
  t.same(
    set.ordered().map((n) => [n.id, n.rank]),
    [
      ['a', 0],
      ['b', 1],
      ['c', 2],
    ],
  );
  set.removeNode('a');
  t.same(
    set.ordered().map((n) => [n.id, n.rank]),
    [
      ['b', 0],
      ['c', 1],
    ],
  );
});
