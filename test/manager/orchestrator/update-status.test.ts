import t from 'tap';
import { newTask } from '../../../manager/orchestrator/new-task.ts';
import {
  completedStatus,
  isPaused,
  isRollback,
  isRolling,
  pausedStatus,
  rollbackStartedStatus,
  updatingStatus,
} from '../../../manager/orchestrator/update-status.ts';
import { TaskState } from '../../../proto/gen/covey/v1/TaskState.ts';
import { UpdateState } from '../../../proto/gen/covey/v1/UpdateState.ts';
import { timestampFromMs } from '../../../proto/time.ts';
import { T0, idSequence, makeService } from './world.ts';

const failedTask = (err: string) => {
  const base = newTask({ service: makeService({}), slot: 1, nodeId: '', now: T0, newId: idSequence('f') });
  return { ...base, status: { ...base.status!, state: TaskState.TASK_STATE_FAILED, err } };
};

t.test('update: updating → paused keeps started_at, sets completed_at and names the task', (t) => {
  const updating = updatingStatus(T0);
  t.equal(updating.state, UpdateState.UPDATE_STATE_UPDATING);
  t.ok(isRolling(updating));
  t.notOk(isRollback(updating));
  const paused = pausedStatus(updating, T0 + 9, failedTask('exit status 2'));
  t.same(paused, {
    state: UpdateState.UPDATE_STATE_PAUSED,
    startedAt: timestampFromMs(T0),
    completedAt: timestampFromMs(T0 + 9),
    message: 'update paused due to failure or early termination of task f001: exit status 2',
  });
  t.ok(isPaused(paused));
  t.notOk(isRolling(paused));
  t.end();
});

t.test('a task without an error is named by its state; long errors are cut to 4 KiB', (t) => {
  t.match(pausedStatus(updatingStatus(T0), T0, failedTask('')).message, /task f001: failed$/);
  const long = pausedStatus(updatingStatus(T0), T0, failedTask('x'.repeat(10_000))).message;
  t.equal(long.length, 4096);
  t.end();
});

t.test('rollback: started → paused / completed stay rollback states', (t) => {
  const started = rollbackStartedStatus(T0, failedTask('boom'));
  t.equal(started.state, UpdateState.UPDATE_STATE_ROLLBACK_STARTED);
  t.match(started.message, /^update rolled back due to failure or early termination of task f001: boom$/);
  t.ok(isRollback(started));
  t.ok(isRolling(started));
  t.equal(pausedStatus(started, T0 + 1, failedTask('again')).state, UpdateState.UPDATE_STATE_ROLLBACK_PAUSED);
  t.match(pausedStatus(started, T0 + 1, failedTask('again')).message, /^rollback paused/);
  const done = completedStatus(started, T0 + 2);
  t.same(done, {
    state: UpdateState.UPDATE_STATE_ROLLBACK_COMPLETED,
    startedAt: timestampFromMs(T0),
    completedAt: timestampFromMs(T0 + 2),
    message: 'rollback completed',
  });
  t.equal(completedStatus(updatingStatus(T0), T0 + 3).state, UpdateState.UPDATE_STATE_COMPLETED);
  t.notOk(isPaused(null));
  t.notOk(isRolling(null));
  t.end();
});
