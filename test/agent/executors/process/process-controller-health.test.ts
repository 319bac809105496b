import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { TaskStartError, TaskUnhealthyError } from '../../../../agent/executors/errors.ts';
import { ProcessExecutor } from '../../../../agent/executors/process/process-executor.ts';
import { systemClock } from '../../../../agent/worker/clock.ts';
import { TaskRunner } from '../../../../agent/worker/task-runner.ts';
import type { HealthConfig__Output } from '../../../../proto/gen/covey/v1/HealthConfig.ts';
import { TaskHealth } from '../../../../proto/gen/covey/v1/TaskHealth.ts';
import { TaskState as S } from '../../../../proto/gen/covey/v1/TaskState.ts';
import type { TaskStatus__Output } from '../../../../proto/gen/covey/v1/TaskStatus.ts';
import { duration, makeDataDir, running, shellTask } from './process-test-kit.ts';

function executorIn(dataDir: string): ProcessExecutor {
  return new ProcessExecutor({ dataDir, nodeId: 'node1', exitPollMs: 50, logPollMs: 20 });
}

function healthcheck(test: string[], retries = 2): HealthConfig__Output {
  return {
    test,
    interval: duration(80),
    timeout: duration(2000),
    retries,
    startPeriod: null,
    startInterval: null,
  };
}

async function pidOf(dataDir: string, taskId: string): Promise<number> {
  return JSON.parse(await readFile(join(dataDir, taskId, 'record.json'), 'utf8')).process.pid;
}

t.test('with a healthcheck, start() resolves only after the first successful check', async (t) => {
  const dataDir = await makeDataDir(t);
  const ready = join(dataDir, 'ready');
  const controller = executorIn(dataDir).controller(
    shellTask('healthy', 'sleep 30', { healthcheck: healthcheck(['CMD', 'test', '-e', ready], 100) }),
  );
  await controller.prepare();
  t.equal(controller.health?.(), TaskHealth.TASK_HEALTH_NONE, 'no health before it runs');
  let started = false;
  const starting = controller.start().then(() => {
    started = true;
  });
  await new Promise((resolve) => setTimeout(resolve, 300));
  t.notOk(started, 'not started while the check fails');
  t.equal(controller.health?.(), TaskHealth.TASK_HEALTH_STARTING);
  const readyAt = Date.now();
  await writeFile(ready, '');
  await starting;
  t.ok(Date.now() >= readyAt);
  t.equal(controller.health?.(), TaskHealth.TASK_HEALTH_HEALTHY);
  await controller.terminate();
});

t.test(
  'a task that is unhealthy before it is healthy FAILS through the runner, its group stopped',
  async (t) => {
    const dataDir = await makeDataDir(t);
    const executor = executorIn(dataDir);
    const task = shellTask('sick', 'sleep 30', {
      healthcheck: healthcheck(['CMD-SHELL', 'echo not today; exit 1']),
      stopGracePeriod: duration(200),
    });
    const statuses: TaskStatus__Output[] = [];
    const runner = new TaskRunner({
      task,
      controller: executor.controller(task),
      runtime: executor.runtime,
      clock: systemClock,
      onStatus: (_id, status) => statuses.push(status),
    });
    await runner.drive();
    const last = statuses.at(-1);
    t.equal(last?.state, S.TASK_STATE_FAILED);
    t.match(last?.err, 'task sick is unhealthy: not today');
    t.equal(last?.health, TaskHealth.TASK_HEALTH_UNHEALTHY);
    t.notOk(await running(await pidOf(dataDir, 'sick')), 'the process was stopped');
  },
);

t.test('a program that exits before it is healthy fails start() with its code', async (t) => {
  const dataDir = await makeDataDir(t);
  const controller = executorIn(dataDir).controller(
    shellTask('quitter', 'sleep 0.1; exit 5', { healthcheck: healthcheck(['CMD', 'false'], 100) }),
  );
  await controller.prepare();
  const error = await controller.start().catch((e: unknown) => e);
  t.type(error, TaskStartError);
  t.match((error as Error).message, 'exited with code 5');
});

t.test('a running task that turns unhealthy is stopped and wait() rejects', async (t) => {
  const dataDir = await makeDataDir(t);
  const ready = join(dataDir, 'ready');
  await writeFile(ready, '');
  const controller = executorIn(dataDir).controller(
    shellTask('turns', 'trap "" TERM; sleep 30', {
      healthcheck: healthcheck(['CMD-SHELL', `test -e ${ready} || { echo gone; exit 1; }`]),
      stopGracePeriod: duration(150),
    }),
  );
  await controller.prepare();
  await controller.start();
  t.equal(controller.health?.(), TaskHealth.TASK_HEALTH_HEALTHY);
  const pid = await pidOf(dataDir, 'turns');
  const waiting = controller.wait();
  await rm(ready);
  const error = await waiting.catch((e: unknown) => e);
  t.type(error, TaskUnhealthyError);
  t.equal((error as TaskUnhealthyError).lastOutput, 'gone');
  t.notOk(await running(pid), 'stopped (killed after the grace: it ignores TERM)');
  t.equal(controller.health?.(), TaskHealth.TASK_HEALTH_UNHEALTHY);
});

t.test('a check slower than its timeout counts as a failure and is killed', async (t) => {
  const dataDir = await makeDataDir(t);
  const checkPid = join(dataDir, 'check.pid');
  const controller = executorIn(dataDir).controller(
    shellTask('slow', 'sleep 30', {
      healthcheck: {
        ...healthcheck(['CMD-SHELL', `echo $$ > ${checkPid}; sleep 30`], 1),
        timeout: duration(150),
      },
    }),
  );
  await controller.prepare();
  const error = await controller.start().catch((e: unknown) => e);
  t.type(error, TaskUnhealthyError);
  t.match((error as Error).message, 'exceeded timeout');
  const pid = Number((await readFile(checkPid, 'utf8')).trim());
  t.notOk(await running(pid), 'the check was killed');
});
