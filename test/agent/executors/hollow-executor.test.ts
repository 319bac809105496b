import t from 'tap';
import {
  ControllerStateError,
  TaskPrepareError,
  TaskRejectedError,
  TaskStartError,
} from '../../../agent/executors/errors.ts';
import {
  behaviourFor,
  DEFAULT_HOLLOW_BEHAVIOUR,
  HollowExecutor,
} from '../../../agent/executors/hollow-executor.ts';
import type { ExitInfo } from '../../../agent/executors/executor.ts';
import { RuntimeKind } from '../../../proto/gen/covey/v1/RuntimeKind.ts';
import { FakeClock, settle } from '../fake-clock.ts';
import { makeTask } from '../task-fixtures.ts';

t.test('describe() advertises the hollow runtime and its capacity', async (t) => {
  const executor = new HollowExecutor({ clock: new FakeClock(), nanoCpus: 2e9, memoryBytes: 1024 });
  t.equal(executor.runtime, RuntimeKind.RUNTIME_KIND_HOLLOW);
  t.same(executor.describe(), {
    runtimes: [RuntimeKind.RUNTIME_KIND_HOLLOW],
    resources: { nanoCpus: 2e9, memoryBytes: 1024 },
  });
});

t.test('labels override the behaviour per task; service labels yield to container labels', async (t) => {
  const task = makeTask('a', {
    labels: {
      'covey.hollow.exit': '4',
      'covey.hollow.start-delay-ms': '250',
      'covey.hollow.fail-start': 'boom',
    },
  });
  task.serviceAnnotations = {
    name: 'web',
    labels: { 'covey.hollow.exit': '9', 'covey.hollow.run-ms': '1000' },
  };
  const b = behaviourFor(task, DEFAULT_HOLLOW_BEHAVIOUR);
  t.equal(b.exitCode, 4);
  t.equal(b.runForMs, 1000);
  t.equal(b.startDelayMs, 250);
  t.equal(b.failStart, 'boom');
  t.equal(b.failPrepare, null);
  t.equal(
    behaviourFor(makeTask('b', { labels: { 'covey.hollow.run-ms': 'forever' } }), {
      ...DEFAULT_HOLLOW_BEHAVIOUR,
      runForMs: 5,
    }).runForMs,
    null,
  );
  t.equal(
    behaviourFor(makeTask('c', { labels: { 'covey.hollow.exit': 'x' } }), DEFAULT_HOLLOW_BEHAVIOUR).exitCode,
    0,
  );
});

t.test('a controller runs for its duration on the clock and exits with its code', async (t) => {
  const clock = new FakeClock();
  const controller = new HollowExecutor({ clock, behaviour: { runForMs: 300, exitCode: 7 } }).controller(
    makeTask('a'),
  );
  await controller.prepare();
  await controller.start();
  await controller.start(); // idempotent
  let exit: ExitInfo | undefined;
  void controller.wait().then((e) => {
    exit = e;
  });
  await clock.advance(299);
  t.equal(exit, undefined);
  await clock.advance(1);
  t.equal(exit?.exitCode, 7);
  t.equal((await controller.wait()).exitCode, 7, 'wait after exit resolves at once');
  t.equal(clock.pendingTimers, 0);
});

t.test('shutdown ends a forever task and cancels its timer; remove makes it unusable', async (t) => {
  const clock = new FakeClock();
  const executor = new HollowExecutor({ clock, behaviour: { runForMs: 10_000 } });
  const controller = executor.controller(makeTask('a'));
  await controller.prepare();
  await controller.start();
  t.equal(clock.pendingTimers, 1);
  const waiting = controller.wait();
  await controller.shutdown(1000);
  t.equal((await waiting).exitCode, 143);
  t.equal(clock.pendingTimers, 0);
  await controller.remove();
  await t.rejects(controller.prepare(), ControllerStateError);
  await t.rejects(controller.wait(), ControllerStateError);
});

t.test('failures on demand are typed errors with the reason', async (t) => {
  const clock = new FakeClock();
  const prep = new HollowExecutor({ clock, behaviour: { failPrepare: 'no such image' } }).controller(
    makeTask('a'),
  );
  await t.rejects(prep.prepare(), new TaskPrepareError('a', 'no such image'));
  const start = new HollowExecutor({ clock, behaviour: { failStart: 'exec error' } }).controller(
    makeTask('b'),
  );
  await start.prepare();
  await t.rejects(start.start(), TaskStartError);
  const rejected = new HollowExecutor({ clock, behaviour: { rejectStart: 'port taken' } }).controller(
    makeTask('c'),
  );
  await rejected.prepare();
  await t.rejects(rejected.start(), TaskRejectedError);
  const unprepared = new HollowExecutor({ clock }).controller(makeTask('d'));
  await t.rejects(unprepared.start(), ControllerStateError);
});

t.test('10,000 running hollow tasks hold no timers', async (t) => {
  const clock = new FakeClock();
  const executor = new HollowExecutor({ clock });
  const controllers = Array.from({ length: 10_000 }, (_, i) => executor.controller(makeTask(`t${i}`)));
  await Promise.all(
    controllers.map(async (c) => {
      await c.prepare();
      await c.start();
    }),
  );
  for (const c of controllers) void c.wait();
  await settle();
  t.equal(clock.pendingTimers, 0);
});

t.test('shutdown during a start delay cuts it short and leaves no timer', async (t) => {
  const clock = new FakeClock();
  const controller = new HollowExecutor({ clock, behaviour: { startDelayMs: 5000 } }).controller(
    makeTask('a'),
  );
  await controller.prepare();
  const starting = controller.start();
  t.equal(clock.pendingTimers, 1);
  await controller.shutdown(0);
  await starting;
  t.equal(clock.pendingTimers, 0);
  t.equal((await controller.wait()).exitCode, 143);
});
