// One scheduling pass without I/O: preassigned tasks confirmed before placements, reasons that the
// tasks already carry produce no write, assignments are accounted in the NodeSet.
import t from 'tap';
import { NodeSet } from '../../../manager/scheduler/node-set.ts';
import { runPass } from '../../../manager/scheduler/scheduler-loop-pass.ts';
import { NodeState } from '../../../proto/gen/covey/v1/NodeState.ts';
import type { Task__Output } from '../../../proto/gen/covey/v1/Task.ts';
import { TaskState } from '../../../proto/gen/covey/v1/TaskState.ts';
import { GiB, makeNode, makeTask, replicas } from './fixtures.ts';

function byId(tasks: Task__Output[]): Map<string, Task__Output> {
  return new Map(tasks.map((x) => [x.id, x]));
}

t.test('a preassigned task claims its node before placements fill it', async (t) => {
  const set = new NodeSet();
  set.upsertNode(makeNode('n1', { memoryBytes: GiB }));
  const global = makeTask('g', {
    serviceId: 'g',
    nodeId: 'n1',
    state: TaskState.TASK_STATE_PENDING,
    memoryBytes: GiB,
  });
  set.upsertTask(global); // the NodeSet counts a task once it names a node
  const tasks = [...replicas('r', 1, { memoryBytes: GiB }), global];
  const r = runPass(byId(tasks), set, 3);
  t.same(
    r.decisions.map((d) => [d.kind, d.task.id, d.kind === 'assign' ? d.preassigned : d.reason]),
    [
      ['assign', 'g', true],
      ['explain', 'r-0000', 'no suitable node (1 node: 1 insufficient memory)'],
    ],
  );
  t.equal(r.decisions[1]?.kind === 'explain' && r.decisions[1].epoch, 3);
  t.equal(set.get('n1')?.reservedMemoryBytes, GiB, 'the preassigned task stays accounted once');
});

t.test('a preassigned task whose node cannot run it is explained, its node named', async (t) => {
  const set = new NodeSet();
  set.upsertNode(makeNode('down', { state: NodeState.NODE_STATE_DOWN }));
  const onDown = makeTask('g1', { nodeId: 'down', state: TaskState.TASK_STATE_PENDING });
  const onGone = makeTask('g2', { nodeId: 'gone', state: TaskState.TASK_STATE_PENDING });
  const r = runPass(byId([onDown, onGone]), set, 0);
  t.same(
    r.decisions.map((d) => (d.kind === 'explain' ? d.reason : d.kind)),
    ['node down cannot run the task: down', 'node gone not found'],
  );
});

t.test('a reason the task already carries is not written again', async (t) => {
  const set = new NodeSet();
  set.upsertNode(makeNode('n1', { memoryBytes: GiB }));
  const reason = 'no suitable node (1 node: 1 insufficient memory)';
  const [task] = replicas('big', 1, { memoryBytes: 2 * GiB });
  const told = { ...task!, status: { ...task!.status!, err: reason } };
  const r = runPass(byId([told]), set, 0);
  t.same(r.decisions, []);
  t.same(
    r.unchanged.map((u) => [u.task.id, u.reason]),
    [['big-0000', reason]],
  );
  const fresh = runPass(byId([task!]), set, 0);
  t.same(
    fresh.decisions.map((d) => d.kind),
    ['explain'],
    'without the reason it is written',
  );
});

t.test('placements are accounted so the next pass sees them', async (t) => {
  const set = new NodeSet();
  set.upsertNode(makeNode('n1', { memoryBytes: GiB }));
  const first = runPass(byId(replicas('a', 1, { memoryBytes: GiB })), set, 0);
  t.same(
    first.decisions.map((d) => d.kind === 'assign' && d.nodeId),
    ['n1'],
  );
  const second = runPass(byId(replicas('b', 1, { memoryBytes: GiB })), set, 0);
  t.same(
    second.decisions.map((d) => d.kind),
    ['explain'],
  );
});
