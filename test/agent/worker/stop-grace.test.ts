import t from 'tap';
import { DEFAULT_STOP_GRACE_MS, stopGraceMs } from '../../../agent/worker/stop-grace.ts';
import { makeTask } from '../task-fixtures.ts';

t.test('absent grace is the 10s default; an explicit 0s is no grace', async (t) => {
  t.equal(stopGraceMs(makeTask('a')), DEFAULT_STOP_GRACE_MS);
  t.equal(DEFAULT_STOP_GRACE_MS, 10_000);
  t.equal(stopGraceMs(makeTask('a', { graceSeconds: 0 })), 0);
  t.equal(stopGraceMs(makeTask('a', { graceSeconds: 42 })), 42_000);
});

t.test('a process task takes its grace from the process spec', async (t) => {
  const task = makeTask('a');
  task.spec = {
    process: {
      command: 'sleep',
      args: [],
      env: [],
      workdir: '',
      user: '',
      stopSignal: '',
      stopGracePeriod: { seconds: 1, nanos: 500_000_000 },
      healthcheck: null,
    },
    resources: null,
    restart: null,
    placement: null,
    forceUpdate: 0,
    runtime: 'process',
  };
  t.equal(stopGraceMs(task), 1500);
});
