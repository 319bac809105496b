import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import t from 'tap';
import type { TaskController, TaskLogLine } from '../../../../agent/executors/executor.ts';
import { ProcessRecordError } from '../../../../agent/executors/process/process-errors.ts';
import { ProcessExecutor } from '../../../../agent/executors/process/process-executor.ts';
import { systemClock } from '../../../../agent/worker/clock.ts';
import { TaskRunner } from '../../../../agent/worker/task-runner.ts';
import { RuntimeKind } from '../../../../proto/gen/covey/v1/RuntimeKind.ts';
import type { Task__Output } from '../../../../proto/gen/covey/v1/Task.ts';
import { TaskState as S } from '../../../../proto/gen/covey/v1/TaskState.ts';
import type { TaskStatus__Output } from '../../../../proto/gen/covey/v1/TaskStatus.ts';
import { killGroup, makeDataDir, processTask, running, shellTask } from './process-test-kit.ts';

const IS_ROOT = process.getuid?.() === 0;

function executorIn(dataDir: string, logger?: pino.Logger): ProcessExecutor {
  return new ProcessExecutor({
    dataDir,
    nodeId: 'node-7',
    exitPollMs: 50,
    logPollMs: 20,
    ...(logger === undefined ? {} : { logger }),
  });
}

/** Drives a task through a real TaskRunner until it reaches a final state. */
async function runToEnd(executor: ProcessExecutor, task: Task__Output) {
  const statuses: TaskStatus__Output[] = [];
  const runner = new TaskRunner({
    task,
    controller: executor.controller(task),
    runtime: executor.runtime,
    clock: systemClock,
    onStatus: (_id, status) => statuses.push(status),
  });
  await runner.drive();
  return { runner, statuses, last: statuses.at(-1) };
}

/** Everything a finished task printed on stdout, read through logs(). */
async function stdoutOf(controller: TaskController): Promise<string[]> {
  const lines: TaskLogLine[] = [];
  const follower = controller.logs?.({ sinceMs: 0, onLine: (line) => lines.push(line) });
  await follower?.done;
  return lines.filter((l) => l.stream === 'stdout').map((l) => l.data.toString());
}

/** A pino logger whose records land in an array. */
function memoryLogger(): { logger: pino.Logger; records: Array<Record<string, unknown>> } {
  const records: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      records.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      callback();
    },
  });
  return { logger: pino({ level: 'debug' }, sink), records };
}

t.test('describe() advertises the process runtime and the host; health() is available', async (t) => {
  const executor = executorIn(await makeDataDir(t));
  t.equal(executor.runtime, RuntimeKind.RUNTIME_KIND_PROCESS);
  t.same(executor.describe(), {
    runtimes: [RuntimeKind.RUNTIME_KIND_PROCESS],
    resources: { nanoCpus: cpus().length * 1e9, memoryBytes: totalmem() },
  });
  t.same(await executor.health(), { available: true, message: '' });
});

t.test('a program exiting 0 completes and one exiting 3 fails, through a real TaskRunner', async (t) => {
  const executor = executorIn(await makeDataDir(t));
  const ok = await runToEnd(executor, shellTask('ok', 'exit 0'));
  t.same(
    ok.statuses.map((s) => s.state),
    [
      S.TASK_STATE_ACCEPTED,
      S.TASK_STATE_PREPARING,
      S.TASK_STATE_READY,
      S.TASK_STATE_STARTING,
      S.TASK_STATE_RUNNING,
      S.TASK_STATE_COMPLETE,
    ],
  );
  t.equal(ok.last?.processStatus?.exitCode, 0);
  t.ok((ok.last?.processStatus?.pid ?? 0) > 1, 'the pid is reported');

  const bad = await runToEnd(executor, shellTask('bad', 'exit 3'));
  t.equal(bad.last?.state, S.TASK_STATE_FAILED);
  t.equal(bad.last?.processStatus?.exitCode, 3);
  t.equal(bad.last?.err, 'task exited with code 3');
});

t.test('the program sees a minimal environment, the spec env, covey ids and its workdirs', async (t) => {
  const dataDir = await makeDataDir(t);
  const executor = executorIn(dataDir);
  const script =
    'echo "ids=$COVEY_TASK_ID/$COVEY_SERVICE_ID/$COVEY_NODE_ID foo=$FOO"; pwd; env | cut -d= -f1 | sort';
  const task = shellTask('envtask', script, { env: ['FOO=bar=baz'] });
  const controller = executor.controller(task);
  await controller.prepare();
  await controller.start();
  t.equal((await controller.wait()).exitCode, 0);
  const lines = await stdoutOf(controller);
  t.equal(lines[0], 'ids=envtask/svc1/node-7 foo=bar=baz');
  t.equal(lines[1], join(dataDir, 'envtask', 'work'), 'the default workdir is the task dir’s work/');
  const names = lines.slice(2);
  t.ok(names.includes('PATH') && names.includes('HOME'), 'PATH and HOME are set');
  t.notOk(
    names.some((n) => n.startsWith('TAP') || n.startsWith('npm_')),
    'nothing else of the agent’s environment leaks',
  );

  const workdir = await mkdtemp(join(tmpdir(), 'covey-workdir-'));
  t.teardown(() => rm(workdir, { recursive: true, force: true }));
  const inDir = executor.controller(shellTask('workdir', 'pwd', { workdir }));
  await inDir.prepare();
  await inDir.start();
  await inDir.wait();
  t.same(await stdoutOf(inDir), [workdir]);
});

t.test(
  'a task runs as the user its spec names when the agent is root',
  { skip: !IS_ROOT && 'not root' },
  async (t) => {
    const dataDir = await makeDataDir(t);
    const executor = executorIn(dataDir);
    const task = shellTask('asnobody', 'id -u; id -g; echo "$HOME"; touch mine && echo wrote', {
      user: 'nobody',
    });
    const controller = executor.controller(task);
    await controller.prepare();
    await controller.start();
    t.equal((await controller.wait()).exitCode, 0);
    t.same(await stdoutOf(controller), ['65534', '65534', '/nonexistent', 'wrote']);

    const numeric = executor.controller(shellTask('asuid', 'id -u; id -g', { user: '65534:0' }));
    await numeric.prepare();
    await numeric.start();
    await numeric.wait();
    t.same(await stdoutOf(numeric), ['65534', '0']);
  },
);

t.test('specs this host cannot honour are REJECTED with a clear reason', async (t) => {
  const executor = executorIn(await makeDataDir(t));
  const notFound = await runToEnd(executor, processTask('nf', { command: 'covey-no-such-program' }));
  t.equal(notFound.last?.state, S.TASK_STATE_REJECTED);
  t.match(notFound.last?.err, 'command not found: covey-no-such-program');

  const noWorkdir = await runToEnd(executor, shellTask('nw', 'true', { workdir: '/nonexistent/covey' }));
  t.equal(noWorkdir.last?.state, S.TASK_STATE_REJECTED);
  t.match(noWorkdir.last?.err, 'workdir /nonexistent/covey does not exist');

  const badUser = await runToEnd(executor, shellTask('nu', 'true', { user: 'covey-no-such-user' }));
  t.equal(badUser.last?.state, S.TASK_STATE_REJECTED);
  t.match(badUser.last?.err, 'no user covey-no-such-user');

  const badSignal = await runToEnd(executor, shellTask('ns', 'true', { stopSignal: 'SIGNOPE' }));
  t.equal(badSignal.last?.state, S.TASK_STATE_REJECTED);
  t.match(badSignal.last?.err, 'unknown stop signal');

  const badEnv = await runToEnd(executor, shellTask('ne', 'true', { env: ['NOEQUALS'] }));
  t.equal(badEnv.last?.state, S.TASK_STATE_REJECTED);
});

t.test(
  'workloads() lists the records; removeWorkload stops with the grace and removes the dir',
  async (t) => {
    const dataDir = await makeDataDir(t);
    const executor = executorIn(dataDir);
    const long = executor.controller(
      shellTask('long', 'trap "" TERM; sleep 30 & wait', { stopGracePeriod: null }),
    );
    await long.prepare();
    await long.start();
    const done = executor.controller(shellTask('done', 'exit 0'));
    await done.prepare();
    await done.start();
    await done.wait();
    const prepared = executor.controller(shellTask('prepared', 'exit 0'));
    await prepared.prepare();

    const byId = async () => new Map((await executor.workloads()).map((w) => [w.taskId, w]));
    const before = await byId();
    t.same(before.get('long'), { taskId: 'long', serviceId: 'svc1', running: true });
    t.same(before.get('done'), { taskId: 'done', serviceId: 'svc1', running: false });
    t.same(before.get('prepared'), { taskId: 'prepared', serviceId: 'svc1', running: false });

    const record = JSON.parse(await readFile(join(dataDir, 'long', 'record.json'), 'utf8'));
    const pid: number = record.process.pid;
    const started = Date.now();
    await executor.removeWorkload('long', 300);
    t.ok(Date.now() - started >= 300, 'a program ignoring TERM gets the whole grace');
    t.notOk(await running(pid), 'the group is gone');
    await executor.removeWorkload('done', 300);
    await executor.removeWorkload('never-existed', 300);
    t.same([...(await byId()).keys()], ['prepared']);
  },
);

t.test('a record that does not parse is reported, not adopted, and its group still stopped', async (t) => {
  const dataDir = await makeDataDir(t);
  const { logger, records } = memoryLogger();
  const executor = executorIn(dataDir, logger);
  const controller = executor.controller(shellTask('corrupt', 'sleep 30'));
  await controller.prepare();
  await controller.start();
  const recordPath = join(dataDir, 'corrupt', 'record.json');
  const text = await readFile(recordPath, 'utf8');
  const pid = Number(/"pid": (\d+)/.exec(text)?.[1]);
  t.teardown(() => killGroup(pid));
  // Torn in the middle, as a disk might leave it: the pid and start time are still legible.
  await writeFile(recordPath, text.slice(0, text.indexOf('"startedAtMs"')));

  const restarted = executorIn(dataDir, logger);
  t.same(await restarted.workloads(), [{ taskId: 'corrupt', serviceId: '', running: true }]);
  t.ok(
    records.some((r) => r.taskId === 'corrupt' && r.level === 40 && /unreadable/.test(String(r.msg))),
    'the logger is told',
  );
  const adopted = restarted.controller(shellTask('corrupt', 'sleep 30'));
  await t.rejects(adopted.wait(), ProcessRecordError, 'the workload cannot be adopted');

  await restarted.removeWorkload('corrupt', 1000);
  t.notOk(await running(pid), 'the salvaged group was stopped');

  // Nothing legible at all: still listed, never a crash.
  await mkdir(join(dataDir, 'garbage'));
  await writeFile(join(dataDir, 'garbage', 'record.json'), '{"version":');
  t.same(await restarted.workloads(), [{ taskId: 'garbage', serviceId: '', running: false }]);
  await restarted.removeWorkload('garbage', 0);
  t.same(await restarted.workloads(), []);
});
