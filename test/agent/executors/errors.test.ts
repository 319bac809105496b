import t from 'tap';
import {
  failureState,
  RuntimeUnavailableError,
  TaskPrepareError,
  TaskRejectedError,
  TaskStartError,
  TemporaryExecutorError,
} from '../../../agent/executors/errors.ts';
import { TaskState as S } from '../../../proto/gen/covey/v1/TaskState.ts';

t.test('before STARTING a failure rejects the task; from STARTING on it fails it', async (t) => {
  t.same(failureState(S.TASK_STATE_PREPARING, new TaskPrepareError('a', 'no image')), {
    retry: false,
    state: S.TASK_STATE_REJECTED,
    err: 'task a failed to prepare: no image',
  });
  t.match(failureState(S.TASK_STATE_STARTING, new TaskStartError('a', 'x')), { state: S.TASK_STATE_FAILED });
  t.match(failureState(S.TASK_STATE_RUNNING, new Error('lost')), { state: S.TASK_STATE_FAILED });
  t.equal(failureState(S.TASK_STATE_PREPARING, 'odd').err, 'odd');
});

t.test('rejections and an unavailable runtime are REJECTED at any step', async (t) => {
  const rejected = new TaskRejectedError('a', 'port 80 taken');
  t.equal(rejected.reason, 'port 80 taken');
  t.equal(rejected.name, 'TaskRejectedError');
  t.match(failureState(S.TASK_STATE_STARTING, rejected), { state: S.TASK_STATE_REJECTED });
  t.match(failureState(S.TASK_STATE_RUNNING, new RuntimeUnavailableError('docker', 'socket closed')), {
    retry: false,
    state: S.TASK_STATE_REJECTED,
  });
});

t.test('a temporary error is retried, never a state', async (t) => {
  t.same(failureState(S.TASK_STATE_STARTING, new TemporaryExecutorError('a', 'start', 'engine busy')), {
    retry: true,
    err: 'task a: start failed for now: engine busy',
  });
});
