import t from 'tap';
import { durationMs, timestampFromMs, timestampMs } from '../../../proto/time.ts';
import {
  hasEnded,
  isLive,
  isWanted,
  stateName,
  willNeverRun,
} from '../../../manager/orchestrator/task-lifecycle.ts';
import type { Task__Output } from '../../../proto/gen/covey/v1/Task.ts';
import { TaskState, type TaskState__Output } from '../../../proto/gen/covey/v1/TaskState.ts';

const task = (desired: TaskState__Output, state: TaskState__Output | null) =>
  ({
    desiredState: desired,
    status: state === null ? null : { state },
  }) as unknown as Task__Output;

t.test('lifecycle questions', (t) => {
  const S = TaskState;
  t.ok(isLive(task(S.TASK_STATE_RUNNING, S.TASK_STATE_RUNNING)));
  t.ok(isLive(task(S.TASK_STATE_READY, S.TASK_STATE_PENDING)), 'a held task occupies its slot');
  t.notOk(isLive(task(S.TASK_STATE_RUNNING, S.TASK_STATE_COMPLETE)));
  t.notOk(isWanted(task(S.TASK_STATE_SHUTDOWN, S.TASK_STATE_RUNNING)));
  t.ok(hasEnded(task(S.TASK_STATE_SHUTDOWN, S.TASK_STATE_ORPHANED)));
  t.notOk(hasEnded(task(S.TASK_STATE_RUNNING, null)), 'no status reads as NEW');
  t.ok(willNeverRun(task(S.TASK_STATE_REMOVE, S.TASK_STATE_PENDING)));
  t.notOk(willNeverRun(task(S.TASK_STATE_RUNNING, S.TASK_STATE_PENDING)));
  t.equal(stateName(S.TASK_STATE_REJECTED), 'rejected');
  t.end();
});

t.test('proto time conversions', (t) => {
  t.equal(durationMs(null), undefined);
  t.equal(durationMs({ seconds: 5, nanos: 250_000_000 }), 5250);
  t.equal(timestampMs(undefined), undefined);
  t.same(timestampFromMs(1_700_000_000_123), { seconds: 1_700_000_000, nanos: 123_000_000 });
  t.equal(timestampMs(timestampFromMs(1_700_000_000_123)), 1_700_000_000_123);
  t.end();
});
