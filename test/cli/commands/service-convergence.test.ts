// `service create` / `scale` / `update -d` as a CI pipeline runs them: the real `cli/bin/covey`
// against an in-process lab cluster (1 manager, 2 workers, hollow runtime), checking the progress
// it prints and that its exit status says whether the service converged.
import { spawn } from 'node:child_process';
import t from 'tap';
import type { CoveyRun } from '../../fixtures/covey-cli.ts';
import { startCliLab } from '../../e2e/lab-cli.ts';
import { TaskState } from '../../../proto/gen/covey/v1/TaskState.ts';
import { COVEY_BIN } from '../../../scripts/lab/process-cluster.ts';

// Real daemons under a loaded CI machine: more than tap's default 30 s.
t.setTimeout(300_000);

const { lab, target, covey, runs } = await startCliLab(t, { managers: 1, workers: 2 });

/** Tasks of the service that run its current spec, as the store has them right now. */
async function runningCurrent(name: string): Promise<number> {
  const [service] = (await lab.control().listServices({ filters: { names: [name] } })).services;
  if (!service) return -1;
  const { tasks } = await lab.control().listTasks({ filters: { serviceIds: [service.id] } });
  return tasks.filter(
    (t) =>
      t.specVersion === service.specVersion &&
      t.desiredState === TaskState.TASK_STATE_RUNNING &&
      t.status?.state === TaskState.TASK_STATE_RUNNING,
  ).length;
}

async function remove(name: string): Promise<void> {
  const [service] = (await lab.control().listServices({ filters: { names: [name] } })).services;
  if (service) await lab.control().removeService(service.id);
}

await lab.allReady(3);

// The services below do not touch `web` or each other: their commands run side by side with the
// `web` ones (each CLI start costs seconds on a loaded machine).
const nowhere = covey(
  'service',
  'create',
  '--name',
  'nowhere',
  '--constraint',
  'node.labels.zone==nowhere',
  'covey-test/busybox:1',
);
const slow = covey(
  'service',
  'create',
  '--name',
  'slow',
  '--label',
  'covey.hollow.start-delay-ms=10000',
  '--timeout',
  '2s',
  'covey-test/busybox:1',
);
const crashy = covey(
  'service',
  'create',
  '--name',
  'crashy',
  '--label',
  'covey.hollow.exit=3',
  '--restart-delay',
  '100ms',
  'covey-test/busybox:1',
);

/** `service create` interrupted with SIGINT once it shows progress. */
function interruptedCreate(name: string): Promise<CoveyRun> {
  const child = spawn(
    COVEY_BIN,
    [
      ...target,
      'service',
      'create',
      '--name',
      name,
      '--label',
      'covey.hollow.start-delay-ms=3000',
      'covey-test/busybox:1',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    // Once: a second Ctrl-C is the shell's way to kill it outright.
    if (!child.killed && stderr.includes('overall progress:')) child.kill('SIGINT');
  });
  const run = new Promise<CoveyRun>((resolve) =>
    child.once('exit', (code) => resolve({ code: code ?? -1, stdout: '', stderr })),
  );
  runs.push(run);
  return run;
}
const patient = interruptedCreate('patient');

t.test('create --replicas 4 shows progress and exits 0 once 4/4 run', async (t) => {
  const r = await covey(
    'service',
    'create',
    '--name',
    'web',
    '--replicas',
    '4',
    'covey-test/busybox:1',
    'sleep',
    '1000',
  );
  t.equal(r.code, 0, r.stderr);
  t.match(r.stdout, /^[a-z0-9]{10,}\n$/, 'stdout: the ID only (progress goes to stderr)');
  t.match(r.stderr, /^overall progress: [0-4] out of 4 tasks\n/, 'progress from the first line');
  t.match(r.stderr, /^overall progress: 4 out of 4 tasks$/m);
  for (const slot of [1, 2, 3, 4]) t.match(r.stderr, new RegExp(`^${slot}/4: running +\\[=+>\\]$`, 'm'));
  t.match(r.stderr, /verify: Service converged\n$/);
  t.equal(await runningCurrent('web'), 4, 'converged for real when the command returned');
});

t.test('scale web=6 shows progress and exits 0 at 6/6', async (t) => {
  const r = await covey('service', 'scale', 'web=6');
  t.equal(r.code, 0, r.stderr);
  t.equal(r.stdout, 'web scaled to 6\n');
  t.match(r.stderr, /^overall progress: 6 out of 6 tasks$/m);
  t.match(r.stderr, /^6\/6: running/m);
  t.match(r.stderr, /verify: Service converged\n$/);
  t.equal(await runningCurrent('web'), 6);
});

t.test('update -d --env-add returns at once and the spec changed', async (t) => {
  const before = (await lab.control().listServices({ filters: { names: ['web'] } })).services[0];
  const r = await covey('service', 'update', '-d', '--env-add', 'A=1', 'web');
  t.equal(r.code, 0, r.stderr);
  t.equal(r.stdout, 'web\n');
  t.equal(r.stderr, '', 'no progress with --detach');
  const after = (await lab.control().listServices({ filters: { names: ['web'] } })).services[0];
  t.same(after?.spec?.task?.container?.env, ['A=1']);
  t.same(after?.spec?.task?.container?.args, ['sleep', '1000'], 'the rest of the spec as it was');
  t.not(after?.specVersion, before?.specVersion, 'a new task template');
});

t.test('a constraint no node meets: exits 1 naming `no suitable node`', async (t) => {
  // The verdict fires when the scheduler's PENDING reason has persisted 5 s (no --timeout needed).
  const r = await nowhere;
  t.equal(r.code, 1, r.stderr);
  t.match(r.stderr, /^1\/1: no suitable node \(/m, 'the slot line shows the reason while waiting');
  const last = r.stderr.trimEnd().split('\n').at(-1);
  t.match(last, /^covey: .*nowhere: task nowhere\.1 cannot be scheduled: no suitable node \(3 nodes: /);
  t.notMatch(r.stderr, /\s+at /, 'no stack trace');
});

t.test('--timeout: exits 1 when not converged in time', async (t) => {
  const r = await slow;
  t.equal(r.code, 1, r.stderr);
  t.match(r.stderr.trimEnd().split('\n').at(-1), /slow: not converged after 2s: 0 out of 1 tasks running$/);
  await remove('slow');
});

t.test('tasks that keep exiting: exits 1 after a replica ended 3 times', async (t) => {
  const r = await crashy;
  t.equal(r.code, 1, r.stderr);
  t.match(
    r.stderr.trimEnd().split('\n').at(-1),
    /crashy: task crashy\.1 ended [3-9] times, last: task exited with code 3$/,
  );
  // It would go on restarting every 100 ms for the rest of the file.
  await remove('crashy');
});

t.test('Ctrl-C detaches: exit 130, the service stays and keeps converging', async (t) => {
  const { code, stderr } = await patient;
  t.equal(code, 130, stderr);
  t.match(stderr, /detached: patient keeps converging in the cluster/);
  const [service] = (await lab.control().listServices({ filters: { names: ['patient'] } })).services;
  t.ok(service, 'the service is there');
});

t.test('bad flag values are usage errors before anything is sent', async (t) => {
  const [r, timeout, mixed] = await Promise.all([
    covey('service', 'update', '--update-failure-action', 'explode', 'web'),
    covey('service', 'scale', '--timeout', 'soon', 'web=1'),
    covey('service', 'update', '--rollback', '--env-add', 'A=2', 'web'),
  ]);
  t.equal(r.code, 2);
  t.equal(
    r.stderr,
    'covey: invalid value "explode" for --update-failure-action: expected pause, continue, rollback\n',
  );
  t.equal(timeout.code, 2);
  t.match(timeout.stderr, /--timeout/);
  t.equal(mixed.code, 2);
  t.match(mixed.stderr, /cannot be combined with --env-add/);
});
