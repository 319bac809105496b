import t from 'tap';
import { newTask } from '../../../manager/orchestrator/new-task.ts';
import { HeldTasks } from '../../../manager/orchestrator/orchestrator-loop-held.ts';
import type { Task__Output } from '../../../proto/gen/covey/v1/Task.ts';
import { TaskState } from '../../../proto/gen/covey/v1/TaskState.ts';
import { T0, makeService } from './world.ts';

const service = makeService({ id: 's1', restart: { delayMs: 10_000 } });
const held = (id: string, slot: number, createdAt: number, nodeId = ''): Task__Output =>
  newTask({
    service,
    slot,
    nodeId,
    now: createdAt,
    newId: () => id,
    desiredState: TaskState.TASK_STATE_READY,
  });
const scope = (o: { full?: boolean; slots?: number[]; nodes?: string[] }) => ({
  full: o.full ?? false,
  slots: new Set(o.slots ?? []),
  nodes: new Set(o.nodes ?? []),
});

t.test('the earliest delay still to end, and what is due', (t) => {
  const h = new HeldTasks();
  h.refresh('s1', scope({ full: true }), [held('a', 1, T0), held('b', 2, T0 + 5_000)]);
  t.equal(h.size, 2);
  t.equal(h.nextAt(T0), T0 + 10_000);
  t.equal(h.nextAt(T0 + 10_000), T0 + 15_000, 'a due task is not waited for again');
  t.same(
    h.due(T0 + 10_000).map((x) => [x.serviceId, x.slot]),
    [['s1', 1]],
  );
  t.equal(h.nextAt(T0 + 15_000), undefined);
  t.end();
});

t.test('a refresh replaces exactly the slots it read', (t) => {
  const h = new HeldTasks();
  h.refresh('s1', scope({ full: true }), [held('a', 1, T0), held('b', 2, T0), held('g', 0, T0, 'n1')]);
  const started = { ...held('a', 1, T0), desiredState: TaskState.TASK_STATE_RUNNING };
  h.refresh('s1', scope({ slots: [1] }), [started]);
  t.equal(h.size, 2, 'slot 1 no longer held, slot 2 and node n1 untouched');
  h.refresh('s1', scope({ nodes: ['n1'] }), []);
  t.equal(h.size, 1, 'a task gone from a node read is dropped');
  h.refresh('s1', scope({ full: true }), []);
  t.equal(h.size, 0);
  h.refresh('s2', scope({ full: true }), [held('x', 1, T0)]);
  h.forget('s2');
  t.equal(h.size, 0);
  t.end();
});
