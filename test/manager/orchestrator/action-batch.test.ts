import t from 'tap';
import type { OrchestratorAction } from '../../../manager/orchestrator/action.ts';
import {
  UnknownActionTaskError,
  packBatches,
  toStoreAction,
  toStoreActions,
} from '../../../manager/orchestrator/action-batch.ts';
import { newTask } from '../../../manager/orchestrator/new-task.ts';
import { TaskState } from '../../../proto/gen/covey/v1/TaskState.ts';
import { T0, makeService } from './world.ts';

const service = makeService({ id: 's1' });
const stored = { ...newTask({ service, slot: 1, nodeId: 'n1', now: T0, newId: () => 't1' }), meta: null };
const task = Object.freeze({ ...stored, meta: { version: 7, createdAt: null, updatedAt: null } });
const lookup = (id: string) => (id === 't1' ? task : undefined);

t.test('create-task carries the new task whole', (t) => {
  const fresh = newTask({ service, slot: 2, nodeId: '', now: T0, newId: () => 't2' });
  t.same(toStoreAction({ kind: 'create-task', task: fresh, reason: 'missing task' }, lookup), {
    createTask: fresh,
  });
  t.end();
});

t.test('set-desired-state updates the task as read, guarded by the version read', (t) => {
  const a: OrchestratorAction = {
    kind: 'set-desired-state',
    taskId: 't1',
    version: 7,
    desiredState: TaskState.TASK_STATE_SHUTDOWN,
    reason: 'node is down',
  };
  const s = toStoreAction(a, lookup);
  t.equal(s.expectedVersion, 7);
  t.same(s.updateTask, { ...task, desiredState: TaskState.TASK_STATE_SHUTDOWN });
  t.equal(s.updateTask?.status, task.status, 'status kept as is (the reason is not written into it)');
  t.equal(task.desiredState, TaskState.TASK_STATE_RUNNING, 'the stored object is not modified');
  t.end();
});

t.test('delete-task sends the id and the version read', (t) => {
  const s = toStoreAction(
    { kind: 'delete-task', taskId: 't1', version: 7, reason: 'task history limit' },
    lookup,
  );
  t.same(s, { deleteTask: { id: 't1' }, expectedVersion: 7 });
  t.end();
});

t.test('a desired-state change of a task not reconciled is a defect', (t) => {
  const a: OrchestratorAction = {
    kind: 'set-desired-state',
    taskId: 'nope',
    version: 1,
    desiredState: TaskState.TASK_STATE_SHUTDOWN,
    reason: '',
  };
  t.throws(() => toStoreActions([a], lookup), UnknownActionTaskError);
  t.end();
});

t.test('packBatches keeps small groups whole and splits large ones into full batches', (t) => {
  const g = (name: string, n: number) => Array.from({ length: n }, (_, i) => `${name}${i}`);
  t.same(packBatches([g('a', 2), g('b', 2), g('c', 2)], 4), [
    ['a0', 'a1', 'b0', 'b1'],
    ['c0', 'c1'],
  ]);
  t.same(
    packBatches([g('a', 3), g('b', 2)], 4),
    [
      ['a0', 'a1', 'a2'],
      ['b0', 'b1'],
    ],
    'b not split over two batches',
  );
  t.same(packBatches([g('a', 1), g('b', 9)], 4), [
    ['a0', 'b0', 'b1', 'b2'],
    ['b3', 'b4', 'b5', 'b6'],
    ['b7', 'b8'],
  ]);
  t.same(packBatches([[], g('a', 1)], 4), [['a0']]);
  t.same(packBatches([]), []);
  t.equal(packBatches([g('x', 2000)]).length, 4, 'MAX_BATCH_ACTIONS by default');
  t.throws(() => packBatches([g('a', 1)], 0), RangeError);
  t.end();
});
