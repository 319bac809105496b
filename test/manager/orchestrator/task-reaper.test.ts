import t from 'tap';
import { timestampFromMs } from '../../../proto/time.ts';
import {
  DEFAULT_TASK_HISTORY_LIMIT,
  isFinished,
  reapTaskHistory,
  taskHistoryLimit,
} from '../../../manager/orchestrator/task-reaper.ts';
import type { Cluster__Output } from '../../../proto/gen/covey/v1/Cluster.ts';
import type { Service__Output } from '../../../proto/gen/covey/v1/Service.ts';
import type { Task__Output } from '../../../proto/gen/covey/v1/Task.ts';
import { TaskState, type TaskState__Output } from '../../../proto/gen/covey/v1/TaskState.ts';
import { T0, makeService } from './world.ts';

let seq = 0;
/** A task created `age` seconds after T0 (so a larger age is newer). */
function task(o: {
  slot?: number;
  nodeId?: string;
  serviceId?: string;
  age: number;
  desired: TaskState__Output;
  state: TaskState__Output;
  id?: string;
}): Task__Output {
  const at = timestampFromMs(T0 + o.age * 1000);
  return {
    id: o.id ?? `t${String(++seq).padStart(3, '0')}`,
    meta: { version: 10 + o.age, createdAt: at, updatedAt: at },
    spec: null,
    specVersion: 1,
    serviceId: o.serviceId ?? 'svc',
    slot: o.slot ?? 1,
    nodeId: o.nodeId ?? 'n1',
    serviceAnnotations: null,
    runtime: 2,
    desiredState: o.desired,
    status: {
      timestamp: at,
      state: o.state,
      message: '',
      err: '',
      portStatus: null,
      startedAt: null,
      health: 0,
    },
    endpoint: null,
  };
}

const { TASK_STATE_RUNNING: RUNNING, TASK_STATE_SHUTDOWN: SHUTDOWN, TASK_STATE_FAILED: FAILED } = TaskState;
const services = (...s: Service__Output[]) => new Map(s.map((x) => [x.id, x]));

/** A slot with `n` ended (failed, desired SHUTDOWN) tasks aged 1..n and one running task, newest. */
function slotHistory(n: number, slot = 1): Task__Output[] {
  const out: Task__Output[] = [];
  for (let i = 1; i <= n; i++)
    out.push(task({ slot, age: i, desired: SHUTDOWN, state: FAILED, id: `s${slot}-${i}` }));
  out.push(task({ slot, age: n + 1, desired: RUNNING, state: RUNNING, id: `s${slot}-run` }));
  return out;
}

t.test('history limit: cluster value, default 5', (t) => {
  t.equal(DEFAULT_TASK_HISTORY_LIMIT, 5);
  t.equal(taskHistoryLimit(null), 5);
  const cluster = { spec: { orchestration: { taskHistoryRetentionLimit: 2 } } } as unknown as Cluster__Output;
  t.equal(taskHistoryLimit(cluster), 2);
  t.equal(taskHistoryLimit({ spec: { orchestration: null } } as unknown as Cluster__Output), 5);
  t.end();
});

t.test('keeps 5 tasks per slot (the running one included), deleting the oldest ended first', (t) => {
  const tasks = [...slotHistory(8, 1), ...slotHistory(3, 2)];
  const actions = reapTaskHistory({
    tasks,
    services: services(makeService({ replicas: 2 })),
    historyLimit: 5,
  });
  t.same(
    actions.map((a) => a.taskId),
    ['s1-1', 's1-2', 's1-3', 's1-4'],
    '9 tasks in slot 1: the 4 oldest go, slot 2 (4 tasks) is untouched',
  );
  t.ok(actions.every((a) => a.kind === 'delete-task' && a.reason === 'task history limit'));
  t.same(
    reapTaskHistory({
      tasks: tasks.filter((x) => !actions.some((a) => a.taskId === x.id)),
      services: services(makeService({ replicas: 2 })),
      historyLimit: 5,
    }),
    [],
    'nothing more once within the limit',
  );
  t.end();
});

t.test('never deletes a task the manager still wants or one that has not ended', (t) => {
  const tasks = [
    task({ age: 1, desired: RUNNING, state: FAILED, id: 'failed-not-yet-handled' }),
    task({ age: 2, desired: SHUTDOWN, state: RUNNING, id: 'stopping' }),
    task({ age: 3, desired: TaskState.TASK_STATE_READY, state: TaskState.TASK_STATE_READY, id: 'held' }),
    task({ age: 4, desired: SHUTDOWN, state: FAILED, id: 'ended' }),
    task({ age: 5, desired: RUNNING, state: RUNNING, id: 'running' }),
  ];
  const actions = reapTaskHistory({ tasks, services: services(makeService({})), historyLimit: 1 });
  t.same(
    actions.map((a) => a.taskId),
    ['ended'],
  );
  t.notOk(isFinished(tasks[0]!));
  t.notOk(isFinished(tasks[1]!));
  t.end();
});

t.test('a task that never reached a node and is no longer wanted is finished', (t) => {
  const pending = task({ age: 1, desired: SHUTDOWN, state: TaskState.TASK_STATE_PENDING, id: 'p' });
  t.ok(isFinished(pending));
  const assigned = task({ age: 1, desired: SHUTDOWN, state: TaskState.TASK_STATE_ASSIGNED, id: 'a' });
  t.notOk(isFinished(assigned), 'an assigned task may still be running on its node');
  t.same(
    reapTaskHistory({
      tasks: [pending, ...slotHistory(0)],
      services: services(makeService({})),
      historyLimit: 1,
    }).map((a) => a.taskId),
    ['p'],
  );
  t.end();
});

t.test('global services are counted per node', (t) => {
  const tasks = [
    task({ slot: 0, nodeId: 'a', age: 1, desired: SHUTDOWN, state: FAILED, id: 'a1' }),
    task({ slot: 0, nodeId: 'a', age: 2, desired: SHUTDOWN, state: FAILED, id: 'a2' }),
    task({ slot: 0, nodeId: 'a', age: 3, desired: RUNNING, state: RUNNING, id: 'a3' }),
    task({ slot: 0, nodeId: 'b', age: 1, desired: SHUTDOWN, state: FAILED, id: 'b1' }),
    task({ slot: 0, nodeId: 'b', age: 2, desired: RUNNING, state: RUNNING, id: 'b2' }),
  ];
  const actions = reapTaskHistory({
    tasks,
    services: services(makeService({ global: true })),
    historyLimit: 2,
  });
  t.same(
    actions.map((a) => a.taskId),
    ['a1'],
  );
  t.end();
});

t.test('removed tasks and tasks of removed services go once finished', (t) => {
  const tasks = [
    task({ slot: 3, age: 1, desired: TaskState.TASK_STATE_REMOVE, state: SHUTDOWN, id: 'scaled-away' }),
    task({ slot: 4, age: 1, desired: TaskState.TASK_STATE_REMOVE, state: RUNNING, id: 'still-stopping' }),
    task({ serviceId: 'gone', age: 1, desired: TaskState.TASK_STATE_REMOVE, state: FAILED, id: 'orphan' }),
    task({
      serviceId: 'gone',
      age: 2,
      desired: TaskState.TASK_STATE_REMOVE,
      state: RUNNING,
      id: 'orphan-running',
    }),
  ];
  const actions = reapTaskHistory({
    tasks,
    services: services(makeService({ replicas: 2 })),
    historyLimit: 5,
  });
  t.same(
    actions.map((a) => [a.taskId, a.reason]),
    [
      ['orphan', 'service removed'],
      ['scaled-away', 'task removed'],
    ],
  );
  t.end();
});

t.test('negative limit keeps everything; max attempts keeps attempts + 1', (t) => {
  const tasks = slotHistory(9);
  t.same(reapTaskHistory({ tasks, services: services(makeService({})), historyLimit: -1 }), []);
  const limited = makeService({ restart: { maxAttempts: 7 } });
  t.same(
    reapTaskHistory({ tasks, services: services(limited), historyLimit: 5 }).map((a) => a.taskId),
    ['s1-1', 's1-2'],
    '10 tasks, 8 kept',
  );
  t.end();
});
