import { mkdir, readFile, writeFile } from 'node:fs/promises';
import t from 'tap';
import { TaskStartError } from '../../../../agent/executors/errors.ts';
import { launchProcess } from '../../../../agent/executors/process/process-launch.ts';
import { planProcess } from '../../../../agent/executors/process/process-plan.ts';
import { taskDirLayout } from '../../../../agent/executors/process/process-task-dir.ts';
import { readProcStat } from '../../../../agent/executors/process/proc-stat.ts';
import { killGroup, makeDataDir, shellTask } from './process-test-kit.ts';

async function setup(t: Parameters<typeof makeDataDir>[0], script: string) {
  const dataDir = await makeDataDir(t);
  const layout = taskDirLayout(dataDir, 't1');
  await mkdir(layout.runDir, { recursive: true });
  await mkdir(layout.defaultWorkdir, { recursive: true });
  const plan = await planProcess(shellTask('t1', script), {
    layout,
    nodeId: 'n1',
    agentEnv: process.env,
    agentUid: process.getuid?.() ?? 0,
  });
  return { layout, plan };
}

t.test('the wrapper leads its own session and group; output goes to the task’s files', async (t) => {
  const { layout, plan } = await setup(t, 'echo out; echo err >&2; exit 2');
  const launched = await launchProcess({ taskId: 't1', plan, layout, mvPath: '/bin/mv' });
  t.teardown(() => killGroup(launched.pid));
  t.same(await launched.exited, { code: 2, signal: null });
  t.equal(await readFile(layout.stdoutPath, 'utf8'), 'out\n');
  t.equal(await readFile(layout.stderrPath, 'utf8'), 'err\n');
  t.equal(await readFile(layout.exitPath, 'utf8'), '2\n');
});

t.test('session and group ids are the wrapper’s pid; the start time is read', async (t) => {
  const { layout, plan } = await setup(t, 'sleep 30');
  const launched = await launchProcess({ taskId: 't1', plan, layout, mvPath: '/bin/mv' });
  t.teardown(() => killGroup(launched.pid));
  const stat = await readProcStat(launched.pid);
  t.equal(stat?.session, launched.pid);
  t.equal(stat?.pgrp, launched.pid);
  t.equal(stat?.startTime, launched.startTime);
});

t.test('a spawn that fails is a TaskStartError', async (t) => {
  const { layout, plan } = await setup(t, 'true');
  await writeFile(`${layout.taskDir}/not-a-dir`, '');
  await t.rejects(
    launchProcess({
      taskId: 't1',
      plan: { ...plan, workdir: `${layout.taskDir}/not-a-dir` },
      layout,
      mvPath: '/bin/mv',
    }),
    TaskStartError,
  );
});
