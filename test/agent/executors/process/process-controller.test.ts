import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { ControllerStateError } from '../../../../agent/executors/errors.ts';
import type { TaskLogLine } from '../../../../agent/executors/executor.ts';
import { ProcessExecutor } from '../../../../agent/executors/process/process-executor.ts';
import { readProcStat } from '../../../../agent/executors/process/proc-stat.ts';
import { makeDataDir, running, shellTask, waitFor } from './process-test-kit.ts';

function executorIn(dataDir: string): ProcessExecutor {
  return new ProcessExecutor({ dataDir, nodeId: 'node1', exitPollMs: 50, logPollMs: 20 });
}

async function readPid(path: string): Promise<number> {
  await waitFor(async () => (await readFile(path, 'utf8').catch(() => '')).endsWith('\n'), `${path}`);
  return Number((await readFile(path, 'utf8')).trim());
}

t.test(
  'start() persists the record (pid, pgid, start time, paths) before it resolves; both steps are idempotent',
  async (t) => {
    const dataDir = await makeDataDir(t);
    const controller = executorIn(dataDir).controller(shellTask('rec', 'sleep 30'));
    await controller.prepare();
    await controller.prepare();
    await controller.start();
    const record = JSON.parse(await readFile(join(dataDir, 'rec', 'record.json'), 'utf8'));
    const pid: number = record.process.pid;
    t.equal(record.process.pgid, pid, 'the wrapper leads its own group');
    t.equal(
      record.process.startTime,
      (await readProcStat(pid))?.startTime,
      'start time from /proc/<pid>/stat',
    );
    t.equal((await readProcStat(pid))?.pgrp, pid);
    t.equal(record.paths.stdout, join(dataDir, 'rec', 'stdout.log'));
    t.equal(record.stopSignal, 'SIGTERM');
    await controller.start();
    const again = JSON.parse(await readFile(join(dataDir, 'rec', 'record.json'), 'utf8'));
    t.equal(again.process.pid, pid, 'a second start() launches nothing');
    await controller.terminate();
    const exit = await controller.wait();
    t.same(exit, { exitCode: 137, message: 'killed', pid });
  },
);

t.test('a program trapping TERM is killed after the grace, its grandchild with it', async (t) => {
  const dataDir = await makeDataDir(t);
  const pidFile = join(dataDir, 'grandchild.pid');
  const script = `trap "" TERM; sleep 30 & echo $! > ${pidFile}; wait`;
  const controller = executorIn(dataDir).controller(shellTask('stubborn', script));
  await controller.prepare();
  await controller.start();
  const grandchild = await readPid(pidFile);
  t.ok(await running(grandchild));
  const started = Date.now();
  await controller.shutdown(400);
  const elapsed = Date.now() - started;
  t.ok(elapsed >= 400, `the grace was honoured (${elapsed} ms)`);
  t.ok(elapsed < 3000, 'and not much more');
  t.notOk(await running(grandchild), 'the grandchild is gone');
  t.same(await controller.wait(), {
    exitCode: 137,
    message: 'killed',
    pid: JSON.parse(await readFile(join(dataDir, 'stubborn', 'record.json'), 'utf8')).process.pid,
  });
});

t.test('a program that exits on TERM stops at once, with its grandchild; its code is 143', async (t) => {
  const dataDir = await makeDataDir(t);
  const pidFile = join(dataDir, 'grandchild.pid');
  const controller = executorIn(dataDir).controller(
    shellTask('polite', `sleep 30 & echo $! > ${pidFile}; sleep 30`),
  );
  await controller.prepare();
  await controller.start();
  const grandchild = await readPid(pidFile);
  const started = Date.now();
  await controller.shutdown(10_000);
  t.ok(Date.now() - started < 2000, 'no wait for the grace');
  t.notOk(await running(grandchild));
  t.equal((await controller.wait()).exitCode, 143, 'the wrapper recorded the program’s own status');
});

t.test('the spec’s stop signal is sent to the group (by name or number)', async (t) => {
  const dataDir = await makeDataDir(t);
  const executor = executorIn(dataDir);
  for (const [id, stopSignal] of [
    ['byname', 'USR1'],
    ['bynumber', '10'],
  ] as const) {
    const ready = join(dataDir, `${id}.ready`);
    const controller = executor.controller(
      shellTask(id, `trap "exit 7" USR1; touch ${ready}; while :; do sleep 0.05; done`, { stopSignal }),
    );
    await controller.prepare();
    await controller.start();
    await waitFor(
      () =>
        stat(ready).then(
          () => true,
          () => false,
        ),
      'the trap',
    );
    await controller.shutdown(5_000);
    t.equal((await controller.wait()).exitCode, 7, `${stopSignal} reached the program`);
  }
});

t.test('a program that leaves a child behind in its group takes it down when it exits', async (t) => {
  const dataDir = await makeDataDir(t);
  const pidFile = join(dataDir, 'left.pid');
  const controller = executorIn(dataDir).controller(
    shellTask('leaver', `sleep 30 & echo $! > ${pidFile}; exit 4`),
  );
  await controller.prepare();
  await controller.start();
  t.equal((await controller.wait()).exitCode, 4);
  const left = await readPid(pidFile);
  await waitFor(async () => !(await running(left)), 'the left-behind sleep to end');
});

t.test('remove() kills a running task and deletes its dir; it is idempotent', async (t) => {
  const dataDir = await makeDataDir(t);
  const controller = executorIn(dataDir).controller(shellTask('gone', 'sleep 30'));
  await controller.prepare();
  await controller.start();
  const pid = JSON.parse(await readFile(join(dataDir, 'gone', 'record.json'), 'utf8')).process.pid;
  const exit = controller.wait();
  await controller.remove();
  await controller.remove();
  t.notOk(await running(pid));
  t.equal((await exit).exitCode, 137, 'a pending wait() learns of the kill');
  await t.rejects(stat(join(dataDir, 'gone')), { code: 'ENOENT' });
  await t.rejects(controller.wait(), ControllerStateError);
  await t.rejects(controller.prepare(), ControllerStateError);
  t.throws(() => controller.logs?.({ sinceMs: 0, onLine: () => {} }), ControllerStateError);
});

t.test('wait() before anything was started is refused; shutdown then is a no-op', async (t) => {
  const controller = executorIn(await makeDataDir(t)).controller(shellTask('idle', 'true'));
  await controller.shutdown(100);
  await t.rejects(controller.wait(), ControllerStateError);
  await controller.prepare();
  await t.rejects(controller.wait(), ControllerStateError);
});

t.test(
  'logs() delivers each stream’s lines, and a last line without newline once the process exits',
  async (t) => {
    const dataDir = await makeDataDir(t);
    const gate = join(dataDir, 'gate');
    const controller = executorIn(dataDir).controller(
      shellTask(
        'talker',
        `echo one; echo err >&2; while [ ! -e ${gate} ]; do sleep 0.02; done; echo two; printf tail`,
      ),
    );
    const lines: TaskLogLine[] = [];
    const follower = controller.logs?.({ sinceMs: 0, onLine: (line) => lines.push(line) });
    await controller.prepare();
    const before = Date.now();
    await controller.start();
    await waitFor(() => lines.length === 2, 'the first two lines');
    t.same(lines.map((l) => [l.stream, l.data.toString()]).sort(), [
      ['stderr', 'err'],
      ['stdout', 'one'],
    ]);
    t.ok(
      lines.every((l) => l.timeMs >= before && l.timeMs <= Date.now()),
      'timeMs is when it was read',
    );
    await writeFile(gate, '');
    await follower?.done;
    t.same(
      lines.filter((l) => l.stream === 'stdout').map((l) => l.data.toString()),
      ['one', 'two', 'tail'],
    );
    await follower?.close();
  },
);
