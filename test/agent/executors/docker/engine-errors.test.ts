// How engine answers and socket failures become typed executor errors (errors shaped as dockerode raises them).
import t from 'tap';
import { EventStreamEndedError } from '../../../../agent/executors/docker/container-events.ts';
import {
  ContainerGoneError,
  EngineRequestError,
  engineReason,
  engineUnavailable,
  executorError,
  isEngineUnreachable,
  isNameConflict,
  isNoSuchImage,
  isNotModified,
  isPassing,
} from '../../../../agent/executors/docker/engine-errors.ts';
import { EnginePingTimeoutError } from '../../../../agent/executors/docker/engine-ping.ts';
import {
  failureState,
  RuntimeUnavailableError,
  TaskPrepareError,
  TaskRejectedError,
  TaskStartError,
  TemporaryExecutorError,
} from '../../../../agent/executors/errors.ts';
import { TaskState as S } from '../../../../proto/gen/covey/v1/TaskState.ts';

/** An error as dockerode's modem builds it from an engine answer. */
function answer(statusCode: number, message: string): Error {
  return Object.assign(new Error(`(HTTP code ${statusCode}) server error - ${message} `), {
    statusCode,
    json: { message },
  });
}
function socketError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}
const ctx = {
  taskId: 't1',
  container: 'web.1.t1',
  image: 'app:1',
  engine: 'unix:///var/run/docker.sock',
  hostPorts: [8080],
};

t.test('a socket that does not answer makes the runtime unavailable (the task is rejected)', async (t) => {
  for (const [code, message] of [
    ['ECONNREFUSED', 'connect ECONNREFUSED /var/run/docker.sock'],
    ['ENOENT', 'connect ENOENT /var/run/docker.sock'],
    ['ECONNRESET', 'socket hang up'],
  ] as const) {
    const error = executorError(socketError(code, message), { ...ctx, operation: 'create' });
    t.type(error, RuntimeUnavailableError, code);
    t.equal(
      (error as RuntimeUnavailableError).reason,
      `docker engine unreachable at ${ctx.engine}: ${message}`,
    );
    t.match(failureState(S.TASK_STATE_PREPARING, error), { retry: false, state: S.TASK_STATE_REJECTED });
  }
  t.ok(isEngineUnreachable(new Error('socket hang up')));
  t.ok(isEngineUnreachable(new EventStreamEndedError()));
  t.notOk(isEngineUnreachable(answer(500, 'socket hang up')), 'an answer is not a broken socket');
});

t.test('user mistakes reject the task with the engine’s reason', async (t) => {
  const port = executorError(
    answer(
      500,
      'driver failed programming external connectivity on endpoint x (abc): Bind for 0.0.0.0:8080 failed: port is already allocated',
    ),
    { ...ctx, operation: 'start' },
  );
  t.type(port, TaskRejectedError);
  t.match((port as TaskRejectedError).reason, /^host port 8080 is already in use: driver failed/);
  const inUse = executorError(answer(500, 'listen tcp4 0.0.0.0:9090: bind: address already in use'), {
    ...ctx,
    operation: 'start',
  });
  t.match((inUse as TaskRejectedError).reason, /^host port 9090 is already in use/);
  const unnamed = executorError(answer(500, 'address already in use'), { ...ctx, operation: 'start' });
  t.match((unnamed as TaskRejectedError).reason, /^host port 8080 is already in use/, 'the requested port');

  const bind = executorError(
    answer(400, 'invalid mount config for type "bind": bind source path does not exist: /srv/x'),
    { ...ctx, operation: 'create' },
  );
  t.type(bind, TaskRejectedError);
  t.match((bind as TaskRejectedError).reason, /^bad mount source \/srv\/x: invalid mount config/);

  const image = executorError(answer(404, 'No such image: app:1'), { ...ctx, operation: 'create' });
  t.match(image, { name: 'TaskRejectedError', reason: /^no such image app:1/ });

  const pull = executorError(
    Object.assign(
      new Error('(HTTP code 500) server error - Get "https://registry-1.docker.io/v2/": no such host '),
      {
        statusCode: 500,
        json: null,
      },
    ),
    { ...ctx, operation: 'pull' },
  );
  t.match(pull, {
    name: 'TaskRejectedError',
    reason: 'image app:1 could not be pulled: Get "https://registry-1.docker.io/v2/": no such host',
  });
  t.match(executorError(new Error('manifest unknown'), { ...ctx, operation: 'pull' }), {
    reason: 'image app:1 could not be pulled: manifest unknown',
  });

  const conflict = executorError(answer(409, 'Conflict. The container name "/web.1.t1" is already in use'), {
    ...ctx,
    operation: 'create',
  });
  t.match(conflict, { name: 'TaskRejectedError', reason: /^container name web.1.t1 is taken/ });
  t.match(
    executorError(answer(400, 'Minimum memory limit allowed is 6MB'), { ...ctx, operation: 'create' }),
    {
      name: 'TaskRejectedError',
    },
  );
});

t.test('start failures, a vanished container, passing failures', async (t) => {
  const oci = executorError(
    answer(400, 'OCI runtime create failed: exec: "/nope": no such file or directory'),
    {
      ...ctx,
      operation: 'start',
    },
  );
  t.type(oci, TaskStartError);
  t.match(failureState(S.TASK_STATE_STARTING, oci), { state: S.TASK_STATE_FAILED });

  const gone = executorError(answer(404, 'No such container: web.1.t1'), { ...ctx, operation: 'inspect' });
  t.type(gone, ContainerGoneError);
  t.equal(gone.message, 'task t1: container web.1.t1 no longer exists');
  t.match(failureState(S.TASK_STATE_RUNNING, gone), { state: S.TASK_STATE_FAILED });

  const busy = executorError(answer(500, 'context deadline exceeded'), { ...ctx, operation: 'create' });
  t.type(busy, TemporaryExecutorError);
  t.ok(isPassing(busy));
  t.match(failureState(S.TASK_STATE_PREPARING, busy), { retry: true });
  t.type(
    executorError(new EnginePingTimeoutError(100), { ...ctx, operation: 'wait' }),
    TemporaryExecutorError,
  );

  t.type(executorError(answer(400, 'bad parameter'), { ...ctx, operation: 'stop' }), EngineRequestError);
  const typed = new TaskPrepareError('t1', 'x');
  t.equal(executorError(typed, { ...ctx, operation: 'create' }), typed, 'typed errors pass unchanged');
});

t.test('predicates and the engine’s own words', async (t) => {
  t.equal(engineReason(answer(404, 'No such image: a:1')), 'No such image: a:1');
  t.equal(
    engineReason(new Error('(HTTP code 304) container already started -  ')),
    'container already started',
  );
  t.ok(isNoSuchImage(answer(404, 'No such image: a:1')));
  t.notOk(isNoSuchImage(answer(404, 'No such container: x')));
  t.ok(isNameConflict(answer(409, 'Conflict. The container name "/x" is already in use by container "y"')));
  t.notOk(isNameConflict(answer(409, 'Container x is not running')));
  t.ok(isNotModified(answer(304, '')));
  t.match(engineUnavailable(socketError('ENOENT', 'connect ENOENT /s'), 'unix:///s'), {
    reason: 'docker engine unreachable at unix:///s: connect ENOENT /s',
  });
  t.match(engineUnavailable(answer(500, 'boom'), 'unix:///s'), {
    reason: 'docker engine at unix:///s failed: boom',
  });
});
