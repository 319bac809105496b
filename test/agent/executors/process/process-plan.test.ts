import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { TaskRejectedError } from '../../../../agent/executors/errors.ts';
import { planProcess, resolveCommand } from '../../../../agent/executors/process/process-plan.ts';
import { taskDirLayout } from '../../../../agent/executors/process/process-task-dir.ts';
import { duration, processTask, shellTask } from './process-test-kit.ts';

const layout = taskDirLayout('/data/process', 't1');
const context = {
  layout,
  nodeId: 'n1',
  agentEnv: { PATH: '/usr/bin:/bin', HOME: '/root', SECRET: 'agent-only' },
  agentUid: 0,
};

t.test(
  'the plan holds the resolved command, a minimal environment plus the spec’s, and covey ids',
  async (t) => {
    const plan = await planProcess(
      processTask('t1', {
        command: 'sh',
        args: ['-c', 'true'],
        env: ['A=1', 'PATH=/opt/bin', 'COVEY_TASK_ID=x'],
      }),
      context,
    );
    t.match(plan.command, /^\/(usr\/)?bin\/sh$/);
    t.same(plan.args, ['-c', 'true']);
    t.same(plan.env, {
      PATH: '/opt/bin',
      HOME: '/root',
      A: '1',
      COVEY_TASK_ID: 't1',
      COVEY_SERVICE_ID: 'svc1',
      COVEY_NODE_ID: 'n1',
    });
    t.equal(plan.workdir, layout.defaultWorkdir);
    t.equal(plan.ownWorkdir, true);
    t.equal(plan.runAs, null);
    t.same(plan.stopSignal, { name: 'SIGTERM', number: 15 });
    t.equal(plan.healthcheck, null);
  },
);

t.test('a healthcheck becomes argv and schedule; NONE and [] are none', async (t) => {
  const hc = (test: string[]) => ({
    test,
    interval: duration(1500),
    timeout: null,
    retries: 0,
    startPeriod: null,
    startInterval: null,
  });
  const withShell = await planProcess(
    shellTask('t1', 'true', { healthcheck: hc(['CMD-SHELL', 'curl -f x']) }),
    context,
  );
  t.same(withShell.healthcheck?.argv, ['/bin/sh', '-c', 'curl -f x']);
  t.equal(withShell.healthcheck?.schedule.intervalMs, 1500);
  t.equal(
    (await planProcess(shellTask('t1', 'true', { healthcheck: hc(['NONE']) }), context)).healthcheck,
    null,
  );
  t.equal((await planProcess(shellTask('t1', 'true', { healthcheck: hc([]) }), context)).healthcheck, null);
  await t.rejects(planProcess(shellTask('t1', 'true', { healthcheck: hc(['HTTP', '/']) }), context), {
    message: /invalid healthcheck/,
  });
});

t.test('a spec this host cannot honour is rejected, saying why', async (t) => {
  const rejects = (task: ReturnType<typeof processTask>, reason: RegExp, c = context) =>
    t
      .rejects(planProcess(task, c), TaskRejectedError)
      .then(() => t.rejects(planProcess(task, c), { message: reason }));
  await rejects(processTask('t1', { command: 'covey-nope' }), /command not found: covey-nope/);
  await rejects(processTask('t1', { command: '/nonexistent/x' }), /command not found/);
  await rejects(processTask('t1', { command: '' }), /no command/);
  await rejects(processTask('t1', { workdir: 'relative' }), /not an absolute path/);
  await rejects(processTask('t1', { workdir: '/nonexistent' }), /does not exist/);
  await rejects(processTask('t1', { env: ['=x'] }), /not NAME=VALUE/);
  await rejects(processTask('t1', { stopSignal: 'NOPE' }), /unknown stop signal/);
  await rejects(processTask('t1', { user: 'root' }), /not run as root/, { ...context, agentUid: 1234 });
  const noSpec = processTask('t1', {});
  noSpec.spec = { ...noSpec.spec!, process: null };
  await rejects(noSpec, /no process spec/);
});

t.test(
  'resolveCommand: absolute, relative to the workdir, through PATH; only executable files',
  async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'covey-plan-'));
    t.teardown(() => rm(dir, { recursive: true, force: true }));
    await writeFile(join(dir, 'run'), '#!/bin/sh\n');
    await chmod(join(dir, 'run'), 0o755);
    await writeFile(join(dir, 'data'), '');
    t.equal(await resolveCommand('run', '/', `/nonexistent:${dir}`), join(dir, 'run'));
    t.equal(await resolveCommand('./run', dir, ''), join(dir, 'run'));
    t.equal(await resolveCommand(join(dir, 'run'), '/', ''), join(dir, 'run'));
    t.equal(await resolveCommand('data', '/', dir), null, 'not executable');
    t.equal(await resolveCommand(dir, '/', ''), null, 'a directory');
    t.equal(await resolveCommand('run', '/', 'relative/dir'), null, 'relative PATH entries are skipped');
  },
);
