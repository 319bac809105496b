import t from 'tap';
import {
  DEFAULT_HEALTH_SCHEDULE,
  type HealthCheckResult,
  HealthMonitor,
  type HealthSchedule,
  healthSchedule,
} from '../../../../agent/executors/process/process-health.ts';
import { TaskHealth } from '../../../../proto/gen/covey/v1/TaskHealth.ts';
import { FakeClock } from '../../fake-clock.ts';

const H = TaskHealth;

/** A monitor whose checks answer from `results` in turn (ok when they run out), recording when each ran. */
function monitorWith(schedule: Partial<HealthSchedule>, results: boolean[]) {
  const clock = new FakeClock(0);
  const checkTimes: number[] = [];
  const changes: Array<[number, string]> = [];
  const monitor = new HealthMonitor({
    schedule: { ...DEFAULT_HEALTH_SCHEDULE, ...schedule },
    clock,
    startedAtMs: 0,
    runCheck: async () => {
      checkTimes.push(clock.now());
      const ok = results.shift() ?? true;
      return { ok, output: ok ? 'fine' : `failure ${checkTimes.length}` };
    },
    onChange: (health, output) => changes.push([health, output]),
  });
  return { clock, monitor, checkTimes, changes };
}

t.test('healthSchedule takes Docker’s defaults for absent or zero values', async (t) => {
  const none = {
    test: ['CMD', 'true'],
    interval: null,
    timeout: null,
    retries: 0,
    startPeriod: null,
    startInterval: null,
  };
  t.same(healthSchedule(none), DEFAULT_HEALTH_SCHEDULE);
  t.same(DEFAULT_HEALTH_SCHEDULE, {
    intervalMs: 30_000,
    timeoutMs: 30_000,
    retries: 3,
    startPeriodMs: 0,
    startIntervalMs: 5_000,
  });
  t.same(
    healthSchedule({
      ...none,
      interval: { seconds: 2, nanos: 500_000_000 },
      timeout: { seconds: 0, nanos: 0 },
      retries: 5,
      startPeriod: { seconds: 10, nanos: 0 },
      startInterval: { seconds: 1, nanos: 0 },
    }),
    { intervalMs: 2500, timeoutMs: 30_000, retries: 5, startPeriodMs: 10_000, startIntervalMs: 1000 },
  );
});

t.test('the first check runs one interval after start; a success makes the task healthy', async (t) => {
  const { clock, monitor, checkTimes, changes } = monitorWith({ intervalMs: 1000 }, [true]);
  t.equal(monitor.health, H.TASK_HEALTH_STARTING);
  monitor.start();
  await clock.advance(999);
  t.same(checkTimes, []);
  await clock.advance(1);
  t.same(checkTimes, [1000]);
  t.equal(monitor.health, H.TASK_HEALTH_HEALTHY);
  t.same(changes, [[H.TASK_HEALTH_HEALTHY, 'fine']]);
  await clock.advance(2000);
  t.same(checkTimes, [1000, 2000, 3000], 'then every interval');
  t.equal(changes.length, 1, 'only changes are reported');
  monitor.stop();
});

t.test('`retries` failures in a row make it unhealthy; a success resets the streak', async (t) => {
  const { clock, monitor, changes } = monitorWith({ intervalMs: 100, retries: 3 }, [
    false,
    false,
    true,
    false,
    false,
    false,
  ]);
  monitor.start();
  await clock.advance(200);
  t.equal(monitor.failingStreak, 2);
  t.equal(monitor.health, H.TASK_HEALTH_STARTING);
  await clock.advance(100);
  t.equal(monitor.failingStreak, 0);
  t.equal(monitor.health, H.TASK_HEALTH_HEALTHY);
  await clock.advance(200);
  t.equal(monitor.health, H.TASK_HEALTH_HEALTHY, 'two failures are not enough');
  await clock.advance(100);
  t.equal(monitor.health, H.TASK_HEALTH_UNHEALTHY);
  t.same(changes, [
    [H.TASK_HEALTH_HEALTHY, 'fine'],
    [H.TASK_HEALTH_UNHEALTHY, 'failure 6'],
  ]);
  await clock.advance(100);
  t.equal(monitor.health, H.TASK_HEALTH_HEALTHY, 'a success after unhealthy is healthy again, as in Docker');
  monitor.stop();
});

t.test('during the start period checks run every start interval and failures do not count', async (t) => {
  const { clock, monitor, checkTimes } = monitorWith(
    { intervalMs: 1000, startPeriodMs: 3000, startIntervalMs: 500, retries: 2 },
    [false, false, false, false, false, false, false],
  );
  monitor.start();
  await clock.advance(2999);
  t.same(checkTimes, [500, 1000, 1500, 2000, 2500], 'start interval within the start period');
  t.equal(monitor.failingStreak, 0, 'forgiven');
  t.equal(monitor.health, H.TASK_HEALTH_STARTING);
  await clock.advance(1);
  t.same(checkTimes.at(-1), 3000);
  t.equal(monitor.failingStreak, 1, 'counted from the end of the start period');
  await clock.advance(1000);
  t.same(checkTimes.at(-1), 4000, 'the normal interval afterwards');
  t.equal(monitor.health, H.TASK_HEALTH_UNHEALTHY);
  monitor.stop();
});

t.test('a success during the start period makes it healthy, and the normal interval applies', async (t) => {
  const { clock, monitor, checkTimes } = monitorWith(
    { intervalMs: 1000, startPeriodMs: 10_000, startIntervalMs: 200 },
    [false, true],
  );
  monitor.start();
  await clock.advance(400);
  t.equal(monitor.health, H.TASK_HEALTH_HEALTHY);
  await clock.advance(1000);
  t.same(checkTimes, [200, 400, 1400]);
  monitor.stop();
});

t.test(
  'a check slower than the timeout fails, is aborted, and the next one follows an interval later',
  async (t) => {
    const clock = new FakeClock(0);
    const signals: AbortSignal[] = [];
    const checkTimes: number[] = [];
    const monitor = new HealthMonitor({
      schedule: { ...DEFAULT_HEALTH_SCHEDULE, intervalMs: 100, timeoutMs: 50, retries: 1 },
      clock,
      startedAtMs: 0,
      runCheck: (signal) => {
        signals.push(signal);
        checkTimes.push(clock.now());
        return new Promise<HealthCheckResult>(() => {});
      },
    });
    monitor.start();
    await clock.advance(149);
    t.equal(signals[0]?.aborted, false);
    t.equal(monitor.health, H.TASK_HEALTH_STARTING);
    await clock.advance(1);
    t.equal(signals[0]?.aborted, true, 'the runner is told to kill it');
    t.equal(monitor.health, H.TASK_HEALTH_UNHEALTHY);
    t.equal(monitor.lastOutput, 'Health check exceeded timeout (50ms)');
    await clock.advance(100);
    t.same(checkTimes, [100, 250], 'intervals count from the end of the previous check');
    monitor.stop();
  },
);

t.test('a check that throws is a failure with its message', async (t) => {
  const clock = new FakeClock(0);
  const monitor = new HealthMonitor({
    schedule: { ...DEFAULT_HEALTH_SCHEDULE, intervalMs: 10, retries: 1 },
    clock,
    startedAtMs: 0,
    runCheck: async () => {
      throw new Error('spawn ENOENT');
    },
  });
  monitor.start();
  await clock.advance(10);
  t.equal(monitor.health, H.TASK_HEALTH_UNHEALTHY);
  t.equal(monitor.lastOutput, 'spawn ENOENT');
  monitor.stop();
});

t.test('stop() aborts a check in flight, ignores its result and leaves no timer', async (t) => {
  const clock = new FakeClock(0);
  let signal: AbortSignal | undefined;
  let answer: (result: HealthCheckResult) => void = () => {};
  const monitor = new HealthMonitor({
    schedule: { ...DEFAULT_HEALTH_SCHEDULE, intervalMs: 10 },
    clock,
    startedAtMs: 0,
    runCheck: (s) => {
      signal = s;
      return new Promise((resolve) => {
        answer = resolve;
      });
    },
  });
  monitor.start();
  await clock.advance(10);
  monitor.stop();
  t.equal(signal?.aborted, true);
  answer({ ok: true, output: 'late' });
  await clock.advance(1000);
  t.equal(monitor.health, H.TASK_HEALTH_STARTING, 'the late answer is ignored');
  t.equal(clock.pendingTimers, 0);
});
