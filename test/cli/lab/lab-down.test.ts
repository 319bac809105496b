// Tearing a lab down without a cluster: recorded processes stopped (a reused pid left alone), the
// task process groups its nodes recorded stopped, the lab's files removed, and a directory holding
// files the lab did not make kept.
import { spawn } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { writeRecord } from '../../../agent/executors/process/process-record.ts';
import { labDown } from '../../../cli/lab/lab-down.ts';
import { NoLabError } from '../../../cli/lab/lab-errors.ts';
import { isRunning, processRef, signalIfRunning } from '../../../cli/lab/lab-process.ts';
import { writeLabState } from '../../../cli/lab/lab-state-file.ts';
import { labState, nodeRecord, spawnSleeper, tempDir } from './lab-test-kit.ts';

t.test('daemons stopped, a task process group stopped, the directory removed', async (t) => {
  const root = await tempDir(t);
  const dir = join(root, '.covey-lab');
  const m1 = await spawnSleeper(t);
  const w1 = await spawnSleeper(t, { ignoreTerm: true });
  const w1Node = nodeRecord(dir, 'w1', { process: w1.ref, nodeId: 'node-w1' });
  // A task the worker left running: its own process group, recorded where the process runtime keeps it.
  const task = spawn('/bin/sh', ['-c', 'sleep 30 & wait'], { detached: true, stdio: 'ignore' });
  t.teardown(() => {
    try {
      process.kill(-(task.pid ?? 0), 'SIGKILL');
    } catch {}
  });
  const taskRef = await processRef(task.pid);
  const taskDir = join(w1Node.dataDir, 'agent', 'process', 'task1');
  await mkdir(taskDir, { recursive: true });
  await writeRecord(join(taskDir, 'record.json'), {
    version: 1,
    taskId: 'task1',
    serviceId: 'svc1',
    nodeId: 'node-w1',
    command: '/bin/sh',
    args: [],
    stopSignal: 'SIGTERM',
    paths: { stdout: '', stderr: '', exit: '', workdir: '' },
    process: { pid: taskRef.pid, pgid: taskRef.pid, startTime: taskRef.startTime, startedAtMs: Date.now() },
  });
  const m1Node = nodeRecord(dir, 'm1', { process: m1.ref, availability: 'drain' });
  await mkdir(m1Node.folder, { recursive: true });
  await writeFile(m1Node.logPath, 'log\n');
  await writeLabState(dir, labState(dir, [m1Node, w1Node]));

  const out = await labDown(dir, { graceMs: 200, taskGraceMs: 200 });
  t.same(out.daemons, { stopped: ['m1'], killed: ['w1'], gone: [], stuck: [] });
  t.same(
    out.workloads.map((w) => [w.node, w.removed, w.problem]),
    [
      ['m1', [], undefined],
      ['w1', ['task1'], undefined],
    ],
  );
  t.notOk(await isRunning(taskRef), 'the task process is gone');
  t.ok(out.dirRemoved);
  t.same(await readdir(root), [], 'nothing left');
});

t.test('files the lab did not make keep the directory; no lab after', async (t) => {
  const dir = await tempDir(t);
  await writeFile(join(dir, 'notes.txt'), 'mine');
  await writeFile(join(dir, 'lab.json.damaged-2030'), '{');
  const bystander = await spawnSleeper(t);
  const reused = { pid: bystander.ref.pid, startTime: (bystander.ref.startTime ?? 0) + 3 };
  await writeLabState(dir, labState(dir, [nodeRecord(dir, 'm1', { process: reused })]));
  const out = await labDown(dir, { graceMs: 100 });
  t.same(out.daemons.gone, ['m1']);
  t.ok(await isRunning(bystander.ref), 'a process that only shares the pid is not stopped');
  t.notOk(out.dirRemoved);
  t.same(await readdir(dir), ['notes.txt'], 'lab.json and its damaged copies are gone');
  await t.rejects(labDown(dir), NoLabError);
  await signalIfRunning(bystander.ref, 'SIGKILL');
});
