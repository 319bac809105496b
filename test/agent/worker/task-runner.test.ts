import t from 'tap';
import { TaskRejectedError, TemporaryExecutorError } from '../../../agent/executors/errors.ts';
import type { ExitInfo, TaskController } from '../../../agent/executors/executor.ts';
import { HollowExecutor, type HollowBehaviour } from '../../../agent/executors/hollow-executor.ts';
import { TaskRunner } from '../../../agent/worker/task-runner.ts';
import { RuntimeKind } from '../../../proto/gen/covey/v1/RuntimeKind.ts';
import type { Task__Output } from '../../../proto/gen/covey/v1/Task.ts';
import { TaskState as S, type TaskState__Output } from '../../../proto/gen/covey/v1/TaskState.ts';
import type { TaskStatus__Output } from '../../../proto/gen/covey/v1/TaskStatus.ts';
import { FakeClock, settle } from '../fake-clock.ts';
import { makeTask } from '../task-fixtures.ts';

function hollowRunner(task: Task__Output, behaviour: Partial<HollowBehaviour> = {}) {
  const clock = new FakeClock();
  const executor = new HollowExecutor({ clock, behaviour });
  const statuses: TaskStatus__Output[] = [];
  const runner = new TaskRunner({
    task,
    controller: executor.controller(task),
    runtime: executor.runtime,
    clock,
    onStatus: (_id, status) => statuses.push(status),
  });
  return { clock, runner, statuses, states: () => statuses.map((s) => s.state) };
}

const UP_TO_RUNNING: TaskState__Output[] = [
  S.TASK_STATE_ACCEPTED,
  S.TASK_STATE_PREPARING,
  S.TASK_STATE_READY,
  S.TASK_STATE_STARTING,
  S.TASK_STATE_RUNNING,
];

t.test(
  'an assigned task walks ACCEPTED → … → RUNNING with readable messages and clock timestamps',
  async (t) => {
    const { clock, runner, statuses, states } = hollowRunner(makeTask('t1'));
    void runner.drive();
    await settle();
    t.same(states(), UP_TO_RUNNING);
    t.same(
      statuses.map((s) => s.message),
      ['accepted', 'preparing', 'prepared', 'starting', 'started'],
    );
    t.equal(runner.state, S.TASK_STATE_RUNNING);
    const ts = statuses[0]?.timestamp;
    t.equal(ts?.seconds, Math.floor(clock.now() / 1000));
    t.equal(clock.pendingTimers, 0, 'a task running forever holds no timer');
  },
);

t.test('start delay is honoured on the injected clock', async (t) => {
  const { clock, runner, states } = hollowRunner(makeTask('t1'), { startDelayMs: 500 });
  void runner.drive();
  await settle();
  t.equal(runner.state, S.TASK_STATE_STARTING);
  await clock.advance(499);
  t.equal(runner.state, S.TASK_STATE_STARTING);
  await clock.advance(1);
  t.same(states(), UP_TO_RUNNING);
});

t.test('exit 0 → COMPLETE, non-zero → FAILED with the code', async (t) => {
  const ok = hollowRunner(makeTask('ok'), { runForMs: 1000, exitCode: 0 });
  void ok.runner.drive();
  await ok.clock.advance(1000);
  t.equal(ok.runner.state, S.TASK_STATE_COMPLETE);
  t.equal(ok.statuses.at(-1)?.processStatus?.exitCode, 0);

  const bad = hollowRunner(makeTask('bad'), { runForMs: 1000, exitCode: 3 });
  void bad.runner.drive();
  await bad.clock.advance(999);
  t.equal(bad.runner.state, S.TASK_STATE_RUNNING);
  await bad.clock.advance(1);
  const last = bad.statuses.at(-1);
  t.equal(last?.state, S.TASK_STATE_FAILED);
  t.equal(last?.processStatus?.exitCode, 3);
  t.match(last?.err, /exited with code 3/);
});

t.test('prepare failure → REJECTED with the reason', async (t) => {
  const { runner, statuses, states } = hollowRunner(makeTask('t1'), { failPrepare: 'no such image' });
  await runner.drive();
  t.same(states(), [S.TASK_STATE_ACCEPTED, S.TASK_STATE_PREPARING, S.TASK_STATE_REJECTED]);
  t.match(statuses.at(-1)?.err, /no such image/);
  t.equal(statuses.at(-1)?.message, 'prepare failed');
});

t.test('start failure → FAILED, a rejection at start → REJECTED (SwarmKit rule)', async (t) => {
  const failed = hollowRunner(makeTask('t1'), { failStart: 'exec format error' });
  await failed.runner.drive();
  t.equal(failed.runner.state, S.TASK_STATE_FAILED);
  t.match(failed.statuses.at(-1)?.err, /exec format error/);

  const rejected = hollowRunner(makeTask('t2'), { rejectStart: 'port 80 taken' });
  await rejected.runner.drive();
  t.equal(rejected.runner.state, S.TASK_STATE_REJECTED);
  t.match(rejected.statuses.at(-1)?.err, /port 80 taken/);
});

t.test('desired SHUTDOWN stops a running task and reports SHUTDOWN once', async (t) => {
  const task = makeTask('t1');
  const { runner, states } = hollowRunner(task);
  void runner.drive();
  await settle();
  t.equal(runner.state, S.TASK_STATE_RUNNING);
  await runner.update({ ...task, desiredState: S.TASK_STATE_SHUTDOWN });
  await settle();
  t.same(states(), [...UP_TO_RUNNING, S.TASK_STATE_SHUTDOWN]);
  await runner.drive();
  await runner.update({ ...task, desiredState: S.TASK_STATE_SHUTDOWN });
  t.equal(states().length, 6, 'no duplicate SHUTDOWN');
});

t.test('desired SHUTDOWN before the task started skips straight to SHUTDOWN', async (t) => {
  const { runner, states } = hollowRunner(makeTask('t1', { desired: S.TASK_STATE_SHUTDOWN }));
  await runner.drive();
  t.same(states(), [S.TASK_STATE_SHUTDOWN]);
});

t.test('SHUTDOWN asked during a slow start wins over the start', async (t) => {
  const task = makeTask('t1');
  const { clock, runner, states } = hollowRunner(task, { startDelayMs: 1000 });
  void runner.drive();
  await settle();
  void runner.update({ ...task, desiredState: S.TASK_STATE_SHUTDOWN });
  await clock.advance(1000);
  t.equal(runner.state, S.TASK_STATE_SHUTDOWN);
  t.notOk(states().includes(S.TASK_STATE_RUNNING));
});

t.test('re-driving is idempotent: no duplicate updates, no second prepare or start', async (t) => {
  const calls: string[] = [];
  const controller: TaskController = {
    prepare: async () => void calls.push('prepare'),
    start: async () => void calls.push('start'),
    wait: () => new Promise<ExitInfo>(() => {}),
    shutdown: async () => void calls.push('shutdown'),
    terminate: async () => void calls.push('terminate'),
    remove: async () => void calls.push('remove'),
  };
  const clock = new FakeClock();
  const statuses: TaskStatus__Output[] = [];
  const task = makeTask('t1');
  const runner = new TaskRunner({
    task,
    controller,
    runtime: RuntimeKind.RUNTIME_KIND_HOLLOW,
    clock,
    onStatus: (_id, s) => statuses.push(s),
  });
  void runner.drive();
  void runner.drive();
  await settle();
  void runner.drive();
  void runner.update(task);
  // A stale copy from the manager must not move the runner backwards.
  void runner.update(makeTask('t1', { state: S.TASK_STATE_ASSIGNED }));
  await settle();
  t.same(
    statuses.map((s) => s.state),
    UP_TO_RUNNING,
  );
  t.same(calls, ['prepare', 'start']);
});

t.test('remove() shuts down with the task stop grace, reports SHUTDOWN, then removes', async (t) => {
  const calls: string[] = [];
  let exit: ((e: ExitInfo) => void) | undefined;
  const controller: TaskController = {
    prepare: async () => {},
    start: async () => {},
    wait: () =>
      new Promise<ExitInfo>((resolve) => {
        exit = resolve;
      }),
    shutdown: async (graceMs) => {
      calls.push(`shutdown ${graceMs}`);
      exit?.({ exitCode: 143 });
    },
    terminate: async () => void calls.push('terminate'),
    remove: async () => void calls.push('remove'),
  };
  const statuses: TaskStatus__Output[] = [];
  const runner = new TaskRunner({
    task: makeTask('t1', { graceSeconds: 3 }),
    controller,
    runtime: RuntimeKind.RUNTIME_KIND_DOCKER,
    clock: new FakeClock(),
    onStatus: (_id, s) => statuses.push(s),
  });
  void runner.drive();
  await settle();
  await runner.remove();
  t.same(calls, ['shutdown 3000', 'remove']);
  const last = statuses.at(-1);
  t.equal(last?.state, S.TASK_STATE_SHUTDOWN);
  t.equal(last?.containerStatus?.exitCode, 143, 'docker runtime reports a container exit code');
});

t.test('a shutdown that fails falls back to terminate', async (t) => {
  const calls: string[] = [];
  const controller: TaskController = {
    prepare: async () => {},
    start: async () => {},
    wait: async () => ({ exitCode: 0 }),
    shutdown: async () => {
      calls.push('shutdown');
      throw new Error('engine timeout');
    },
    terminate: async () => void calls.push('terminate'),
    remove: async () => void calls.push('remove'),
  };
  const runner = new TaskRunner({
    task: makeTask('t1', { desired: S.TASK_STATE_SHUTDOWN }),
    controller,
    runtime: RuntimeKind.RUNTIME_KIND_PROCESS,
    clock: new FakeClock(),
    onStatus: () => {},
  });
  await runner.drive();
  t.same(calls, ['shutdown', 'terminate']);
  t.equal(runner.state, S.TASK_STATE_SHUTDOWN);
  t.match(String(runner.error), /engine timeout/);
});

t.test('a TaskRejectedError is REJECTED even while running', async (t) => {
  const controller: TaskController = {
    prepare: async () => {},
    start: async () => {},
    wait: async () => {
      throw new TaskRejectedError('t1', 'image vanished');
    },
    shutdown: async () => {},
    terminate: async () => {},
    remove: async () => {},
  };
  const runner = new TaskRunner({
    task: makeTask('t1'),
    controller,
    runtime: RuntimeKind.RUNTIME_KIND_PROCESS,
    clock: new FakeClock(),
    onStatus: () => {},
  });
  await runner.drive();
  t.equal(runner.state, S.TASK_STATE_REJECTED);
});

t.test('desired READY prepares but does not start', async (t) => {
  const { runner, states } = hollowRunner(makeTask('t1', { desired: S.TASK_STATE_READY }));
  await runner.drive();
  t.same(states(), [S.TASK_STATE_ACCEPTED, S.TASK_STATE_PREPARING, S.TASK_STATE_READY]);
});

t.test('a task handed over as RUNNING (agent restart) is adopted, not restarted', async (t) => {
  const { clock, runner, states } = hollowRunner(makeTask('t1', { state: S.TASK_STATE_RUNNING }), {
    runForMs: 100,
    exitCode: 0,
  });
  void runner.drive();
  await clock.advance(100);
  t.same(states(), [S.TASK_STATE_COMPLETE]);
});

t.test('a temporary error retries the step after a backoff without reporting a failure', async (t) => {
  let attempts = 0;
  const controller: TaskController = {
    prepare: async () => {
      attempts++;
      if (attempts < 3) throw new TemporaryExecutorError('t1', 'prepare', 'engine busy');
    },
    start: async () => {},
    wait: () => new Promise<ExitInfo>(() => {}),
    shutdown: async () => {},
    terminate: async () => {},
    remove: async () => {},
  };
  const clock = new FakeClock();
  const statuses: TaskStatus__Output[] = [];
  const runner = new TaskRunner({
    task: makeTask('t1'),
    controller,
    runtime: RuntimeKind.RUNTIME_KIND_PROCESS,
    clock,
    onStatus: (_id, s) => statuses.push(s),
  });
  void runner.drive();
  await settle();
  t.equal(runner.state, S.TASK_STATE_PREPARING);
  await clock.advance(999);
  t.equal(attempts, 1);
  await clock.advance(1); // first retry after 1s fails again; next after 2s
  t.equal(attempts, 2);
  await clock.advance(2000);
  t.equal(attempts, 3);
  t.same(
    statuses.map((s) => s.state),
    UP_TO_RUNNING,
  );
  t.equal(clock.pendingTimers, 0);
});
