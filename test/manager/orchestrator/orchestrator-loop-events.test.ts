import t from 'tap';
import { newTask } from '../../../manager/orchestrator/new-task.ts';
import {
  nodeChangeMatters,
  orchestratorEventFilter,
  taskChangeMatters,
} from '../../../manager/orchestrator/orchestrator-loop-events.ts';
import { NodeAvailability } from '../../../proto/gen/covey/v1/NodeAvailability.ts';
import { NodeState } from '../../../proto/gen/covey/v1/NodeState.ts';
import type { Task__Output } from '../../../proto/gen/covey/v1/Task.ts';
import { TaskState, type TaskState__Output } from '../../../proto/gen/covey/v1/TaskState.ts';
import { T0, makeNode, makeService } from './world.ts';

const base = newTask({ service: makeService({ id: 's1' }), slot: 1, nodeId: '', now: T0, newId: () => 't1' });
const withState = (t: Task__Output, state: TaskState__Output): Task__Output => ({
  ...t,
  status: { ...t.status!, state },
});

t.test('task changes the orchestrators act on', (t) => {
  const assigned = { ...withState(base, TaskState.TASK_STATE_ASSIGNED), nodeId: 'n1' };
  t.ok(taskChangeMatters(base, assigned), 'placed on a node');
  t.notOk(taskChangeMatters(assigned, withState(assigned, TaskState.TASK_STATE_RUNNING)), 'progress');
  t.notOk(
    taskChangeMatters(assigned, { ...assigned, status: { ...assigned.status!, message: 'pulling' } }),
    'a message',
  );
  t.ok(taskChangeMatters(assigned, withState(assigned, TaskState.TASK_STATE_FAILED)), 'ended');
  t.ok(
    taskChangeMatters(assigned, { ...assigned, desiredState: TaskState.TASK_STATE_SHUTDOWN }),
    'desired state',
  );
  t.end();
});

t.test('the watch filter drops only task updates that do not matter', (t) => {
  const running = withState({ ...base, nodeId: 'n1' }, TaskState.TASK_STATE_RUNNING);
  const starting = withState({ ...base, nodeId: 'n1' }, TaskState.TASK_STATE_STARTING);
  const ev = (action: 'create' | 'update' | 'delete', oldObject?: Task__Output) =>
    oldObject === undefined
      ? { kind: 'task' as const, action, object: running, version: 2 }
      : { kind: 'task' as const, action, object: running, oldObject, version: 2 };
  const idle = orchestratorEventFilter(() => false);
  t.notOk(idle(ev('update', starting)), 'progress of a service not rolling');
  t.ok(idle(ev('update', base)));
  t.ok(idle(ev('create')));
  t.ok(idle(ev('delete')));
  const node = makeNode('n1');
  t.ok(idle({ kind: 'node', action: 'update', object: node, oldObject: node, version: 3 }));
  const rolling = orchestratorEventFilter((id) => id === base.serviceId);
  t.ok(rolling(ev('update', starting)), 'RUNNING during a rolling update lets it take the next slot');
  const accepted = withState({ ...base, nodeId: 'n1' }, TaskState.TASK_STATE_ACCEPTED);
  t.notOk(
    rolling({ kind: 'task', action: 'update', object: starting, oldObject: accepted, version: 2 }),
    'progress short of RUNNING still does not matter',
  );
  t.end();
});

t.test('node changes the orchestrators act on', (t) => {
  const n = makeNode('n1', { labels: { zone: 'east' } });
  t.notOk(nodeChangeMatters(n, { ...n, status: { ...n.status!, message: 'heartbeat' } }));
  t.notOk(nodeChangeMatters(n, makeNode('n1', { labels: { zone: 'east' } })), 'equal labels, new object');
  t.ok(nodeChangeMatters(n, makeNode('n1', { labels: { zone: 'west' } })));
  t.ok(nodeChangeMatters(n, makeNode('n1', { labels: {} })));
  t.ok(nodeChangeMatters(n, makeNode('n1', { labels: { zone: 'east' }, state: NodeState.NODE_STATE_DOWN })));
  t.ok(
    nodeChangeMatters(
      n,
      makeNode('n1', { labels: { zone: 'east' }, availability: NodeAvailability.NODE_AVAILABILITY_DRAIN }),
    ),
  );
  const described = {
    ...n,
    description: {
      hostname: 'h1',
      platform: { os: 'linux', architecture: 'amd64' },
      resources: null,
      engine: { engineVersion: '', labels: {} },
      runtimes: [],
      coveyVersion: '',
    },
  };
  t.ok(nodeChangeMatters(n, described), 'hostname and platform appear');
  t.ok(
    nodeChangeMatters(described, { ...described, description: { ...described.description, hostname: 'h2' } }),
  );
  t.end();
});
