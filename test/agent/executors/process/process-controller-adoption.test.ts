import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import type { TaskLogLine } from '../../../../agent/executors/executor.ts';
import { ProcessExecutor } from '../../../../agent/executors/process/process-executor.ts';
import type { Task__Output } from '../../../../proto/gen/covey/v1/Task.ts';
import { killGroup, makeDataDir, running, shellTask, waitFor } from './process-test-kit.ts';

function executorIn(dataDir: string): ProcessExecutor {
  return new ProcessExecutor({ dataDir, nodeId: 'node1', exitPollMs: 30, logPollMs: 20 });
}

async function pidOf(dataDir: string, taskId: string): Promise<number> {
  return JSON.parse(await readFile(join(dataDir, taskId, 'record.json'), 'utf8')).process.pid;
}

/** A program that runs until `gate` exists, then exits with `code`. */
function gatedTask(id: string, gate: string, code: number): Task__Output {
  return shellTask(id, `while [ ! -e ${gate} ]; do sleep 0.02; done; exit ${code}`);
}

/** Starts a task with an executor that is then dropped without stopping anything (the agent "died"). */
async function startAndAbandon(dataDir: string, task: Task__Output): Promise<number> {
  const controller = executorIn(dataDir).controller(task);
  await controller.prepare();
  await controller.start();
  return pidOf(dataDir, task.id);
}

t.test(
  'a new executor adopts a running process: same pid, start() a no-op, wait() gets its code',
  async (t) => {
    const dataDir = await makeDataDir(t);
    const gate = join(dataDir, 'gate');
    const task = gatedTask('adopted', gate, 6);
    const pid = await startAndAbandon(dataDir, task);

    const adopted = executorIn(dataDir).controller(task);
    await adopted.prepare();
    await adopted.start();
    t.equal(await pidOf(dataDir, 'adopted'), pid, 'nothing new was launched');
    t.ok(await running(pid));
    const exit = adopted.wait();
    await writeFile(gate, '');
    t.same(await exit, { exitCode: 6, pid });
  },
);

t.test('a process that ended while no executor watched reports its real code', async (t) => {
  const dataDir = await makeDataDir(t);
  const gate = join(dataDir, 'gate');
  const task = gatedTask('ended', gate, 9);
  const pid = await startAndAbandon(dataDir, task);
  await writeFile(gate, '');
  await waitFor(async () => !(await running(pid)), 'the program to exit');
  const adopted = executorIn(dataDir).controller(task);
  t.same(await adopted.wait(), { exitCode: 9, pid });
  await adopted.start();

  // Killed with its wrapper (nobody left to write the status): reported as killed.
  const killedTask = shellTask('killed', 'sleep 30');
  const killedPid = await startAndAbandon(dataDir, killedTask);
  killGroup(killedPid);
  await waitFor(async () => !(await running(killedPid)), 'the kill');
  t.same(await executorIn(dataDir).controller(killedTask).wait(), {
    exitCode: 137,
    message: 'killed',
    pid: killedPid,
  });
});

t.test('an adopter stops the whole group with the grace', async (t) => {
  const dataDir = await makeDataDir(t);
  const pidFile = join(dataDir, 'gc.pid');
  const task = shellTask('stubborn', `trap "" TERM; sleep 30 & echo $! > ${pidFile}; wait`);
  const pid = await startAndAbandon(dataDir, task);
  await waitFor(
    async () => (await readFile(pidFile, 'utf8').catch(() => '')).endsWith('\n'),
    'the grandchild',
  );
  const grandchild = Number((await readFile(pidFile, 'utf8')).trim());
  const adopted = executorIn(dataDir).controller(task);
  const started = Date.now();
  await adopted.shutdown(300);
  t.ok(Date.now() - started >= 300, 'the grace was honoured');
  t.notOk(await running(pid));
  t.notOk(await running(grandchild));
  t.same(await adopted.wait(), { exitCode: 137, message: 'killed', pid });
});

t.test('a task survives kill -9 of the agent that started it and is adopted by the next', async (t) => {
  const dataDir = await makeDataDir(t);
  const gate = join(dataDir, 'gate');
  const task = gatedTask('survivor', gate, 3);
  const fixture = fileURLToPath(new URL('./agent-child.ts', import.meta.url));
  const agent = spawn(process.execPath, ['--import', 'tsx', fixture, dataDir, JSON.stringify(task)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  t.teardown(() => {
    agent.kill('SIGKILL');
  });
  let out = '';
  agent.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  await waitFor(() => out.includes('started'), 'the agent to start the task', 15_000);
  const pid = await pidOf(dataDir, 'survivor');
  const agentExit = new Promise((resolve) => agent.once('exit', resolve));
  agent.kill('SIGKILL');
  await agentExit;
  t.ok(await running(pid), 'the task outlived its agent');

  const adopted = executorIn(dataDir).controller(task);
  const exit = adopted.wait();
  await writeFile(gate, '');
  t.same(await exit, { exitCode: 3, pid });
});

t.test('logs resume across executors without repeating or losing lines', async (t) => {
  const dataDir = await makeDataDir(t);
  const gate1 = join(dataDir, 'gate1');
  const gate2 = join(dataDir, 'gate2');
  const wait = (gate: string) => `while [ ! -e ${gate} ]; do sleep 0.02; done`;
  const task = shellTask(
    'chatty',
    `echo a1; echo a2; ${wait(gate1)}; echo b1; echo b2 >&2; ${wait(gate2)}; echo c1`,
  );
  const first = executorIn(dataDir).controller(task);
  const seenA: TaskLogLine[] = [];
  const followerA = first.logs?.({ sinceMs: 0, onLine: (line) => seenA.push(line) });
  await first.prepare();
  await first.start();
  await waitFor(() => seenA.length === 2, 'a1 and a2');
  await followerA?.close();
  const shippedUpTo = seenA.at(-1)?.timeMs ?? 0;

  // The agent is gone; the program goes on writing.
  await writeFile(gate1, '');
  await waitFor(async () => (await readFile(join(dataDir, 'chatty', 'stderr.log'), 'utf8')) === 'b2\n', 'b2');

  const second = executorIn(dataDir).controller(task);
  const seenB: TaskLogLine[] = [];
  const followerB = second.logs?.({ sinceMs: shippedUpTo, onLine: (line) => seenB.push(line) });
  await waitFor(() => seenB.length === 2, 'b1 and b2');
  await writeFile(gate2, '');
  await followerB?.done;
  const text = (lines: TaskLogLine[]) => lines.map((l) => `${l.stream}:${l.data}`);
  t.same(text(seenA), ['stdout:a1', 'stdout:a2']);
  t.same(text(seenB).sort(), ['stderr:b2', 'stdout:b1', 'stdout:c1']);

  const all: TaskLogLine[] = [];
  await executorIn(dataDir)
    .controller(task)
    .logs?.({ sinceMs: 0, onLine: (line) => all.push(line) }).done;
  t.equal(all.length, 5, 'sinceMs 0 starts from the beginning');
});
