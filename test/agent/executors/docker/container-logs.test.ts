// Following a container's output through the engine: stdout and stderr lines with the engine's
// timestamps, a resume point (sinceMs), long lines in pieces, and close() on a running container.
import t from 'tap';
import { MAX_LOG_PIECE_BYTES } from '../../../../agent/executors/docker/log-frame-parser.ts';
import type { TaskLogLine } from '../../../../agent/executors/executor.ts';
import { TaskState as S } from '../../../../proto/gen/covey/v1/TaskState.ts';
import type { Task__Output } from '../../../../proto/gen/covey/v1/Task.ts';
import type { DockerExecutor } from '../../../../agent/executors/docker/docker-executor.ts';
import { dockerRun, dockerTask, RunnerUnderTest, waitFor } from './docker-fixtures.ts';

async function follow(executor: DockerExecutor, task: Task__Output, sinceMs: number): Promise<TaskLogLine[]> {
  const lines: TaskLogLine[] = [];
  const follower = executor.controller(task).logs?.({ sinceMs, onLine: (line) => lines.push(line) });
  await follower?.done;
  return lines;
}

const text = (lines: readonly TaskLogLine[]) => lines.map((l) => `${l.stream}:${l.data.toString()}`);

t.test(
  'stdout and stderr lines arrive in order with the engine’s timestamps; done resolves at the exit',
  async (t) => {
    const run = await dockerRun(t);
    if (run === undefined) return;
    const executor = await run.executor();
    const task = dockerTask(run, {
      args: [
        'sh',
        '-c',
        'sleep 0.5; echo one; sleep 0.05; echo two >&2; sleep 0.05; echo; sleep 0.05; printf "no newline"',
      ],
    });
    const before = Date.now();
    const runner = new RunnerUnderTest(task, executor);
    await runner.driveTo(S.TASK_STATE_RUNNING);
    // Followed while it runs: done waits for the output to end.
    const lines = await follow(executor, task, 0);
    const info = await run.docker.getContainer(`covey-test.1.${task.id}`).inspect();
    t.equal(info.State.Running, false, 'done resolved once the container had exited');
    t.same(text(lines), ['stdout:one', 'stderr:two', 'stdout:', 'stdout:no newline']);
    const times = lines.map((l) => l.timeMs);
    t.same(
      [...times].sort((a, b) => a - b),
      times,
      'in time order',
    );
    t.ok(
      times.every((time) => Number.isInteger(time) && time >= before - 1_000 && time <= Date.now()),
      'engine times',
    );
    t.ok((times[1] ?? 0) - (times[0] ?? 0) >= 40, 'each line has its own time, to the millisecond');
  },
);

t.test('sinceMs resumes after the last line shipped, finer than the engine’s whole seconds', async (t) => {
  const run = await dockerRun(t);
  if (run === undefined) return;
  const executor = await run.executor();
  const task = dockerTask(run, { args: ['sh', '-c', 'for i in 1 2 3 4; do echo line$i; sleep 0.05; done'] });
  await new RunnerUnderTest(task, executor).driveTo(S.TASK_STATE_COMPLETE);
  const all = await follow(executor, task, 0);
  t.same(text(all), ['stdout:line1', 'stdout:line2', 'stdout:line3', 'stdout:line4']);
  const shipped = all[1]?.timeMs ?? 0;
  t.same(text(await follow(executor, task, shipped)), ['stdout:line3', 'stdout:line4']);
  t.same(text(await follow(executor, task, all[3]?.timeMs ?? 0)), [], 'nothing after the last line');
});

t.test('a line longer than 16 KiB arrives in pieces that join back to it', async (t) => {
  const run = await dockerRun(t);
  if (run === undefined) return;
  const executor = await run.executor();
  const length = 40_000;
  const task = dockerTask(run, {
    args: ['sh', '-c', `head -c ${length} /dev/zero | tr '\\0' a; echo; echo after`],
  });
  await new RunnerUnderTest(task, executor).driveTo(S.TASK_STATE_COMPLETE);
  const lines = await follow(executor, task, 0);
  const pieces = lines.slice(0, -1);
  t.ok(pieces.length >= 3, `${pieces.length} pieces`);
  t.ok(
    pieces.every((p) => p.data.length <= MAX_LOG_PIECE_BYTES),
    'no piece over 16 KiB',
  );
  t.equal(Buffer.concat(pieces.map((p) => p.data)).toString(), 'a'.repeat(length));
  t.equal(lines.at(-1)?.data.toString(), 'after');
});

t.test('close() stops following a running container', async (t) => {
  const run = await dockerRun(t);
  if (run === undefined) return;
  const executor = await run.executor();
  const task = dockerTask(run, { args: ['sh', '-c', 'echo hello; sleep 3600'] });
  await new RunnerUnderTest(task, executor).driveTo(S.TASK_STATE_RUNNING);
  const lines: TaskLogLine[] = [];
  const follower = executor.controller(task).logs?.({ sinceMs: 0, onLine: (line) => lines.push(line) });
  await waitFor(() => lines.length === 1, 'the first line');
  await follower?.close();
  await follower?.done;
  t.same(text(lines), ['stdout:hello']);
});

t.test('the logs of a container that does not exist end at once', async (t) => {
  const run = await dockerRun(t);
  if (run === undefined) return;
  const executor = await run.executor();
  t.same(await follow(executor, dockerTask(run), 0), []);
});
