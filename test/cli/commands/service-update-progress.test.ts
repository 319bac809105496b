// Rolling updates through the real `cli/bin/covey`: `service update` shows the rollout and exits 0
// when it completed, 1 with the manager's reason when it paused or was rolled back; `service
// rollback` waits for the rollback; `service inspect --pretty` and `service ps` show the update
// status. Lab cluster: 1 manager, 2 workers, hollow runtime (the `covey.hollow.fail-start` service
// label makes new tasks fail).
import t from 'tap';
import { startCliLab } from '../../e2e/lab-cli.ts';
import { serviceSpecFromFlags } from '../../../cli/commands/service-flags.ts';
import { TaskState } from '../../../proto/gen/covey/v1/TaskState.ts';
import { UpdateState } from '../../../proto/gen/covey/v1/UpdateState.ts';
import { waitFor } from '../../e2e/lab-cluster.ts';

// Real daemons under a loaded CI machine: more than tap's default 30 s.
t.setTimeout(300_000);

const { lab, covey } = await startCliLab(t, { managers: 1, workers: 2 }, { timeoutMs: 60_000 });

async function web() {
  const [service] = (await lab.control().listServices({ filters: { names: ['web'] } })).services;
  if (!service) throw new Error('no service web');
  const { tasks } = await lab.control().listTasks({ filters: { serviceIds: [service.id] } });
  const running = tasks.filter(
    (t) =>
      t.desiredState === TaskState.TASK_STATE_RUNNING && t.status?.state === TaskState.TASK_STATE_RUNNING,
  );
  return { service, running, versions: new Set(running.map((t) => t.specVersion)) };
}

await lab.allReady(3);
// Created through the API (the CLI's create is e2e-tested elsewhere): one CLI start less. A short
// monitor keeps each rollout to about a second.
await lab.control().createService({
  spec: serviceSpecFromFlags(
    { name: 'web', replicas: '2', updateMonitor: '500ms', rollbackMonitor: '500ms' },
    'covey-test/busybox:1',
    ['sleep', '1000'],
  ),
});
await waitFor(async () => (await web()).running.length === 2, 'web at 2/2');

t.test('update rolls slot by slot and exits 0 once completed', async (t) => {
  const before = await web();
  // A delay between the two slots: the first look surely finds slot 2 not yet replaced.
  const r = await covey('service', 'update', '--update-delay', '1s', '--env-add', 'B=2', 'web');
  t.equal(r.code, 0, r.stderr);
  t.equal(r.stdout, 'web\n');
  t.match(r.stderr, /^overall progress: [01] out of 2 tasks\n/, 'starts with tasks of the old spec');
  t.match(r.stderr, /^\d\/2: outdated \(running\)/m, 'slots not yet replaced say so');
  t.match(r.stderr, /^overall progress: 2 out of 2 tasks$/m);
  t.match(r.stderr, /verify: Service converged\n$/);
  const after = await web();
  t.equal(after.service.updateStatus?.state, UpdateState.UPDATE_STATE_COMPLETED);
  t.not(after.service.specVersion, before.service.specVersion);
  t.same([...after.versions], [after.service.specVersion], 'every running task has the new spec');
  t.equal(after.running.length, 2);

  const [pretty, ps] = await Promise.all([
    covey('service', 'inspect', '--pretty', 'web'),
    covey('service', 'ps', 'web'),
  ]);
  t.match(
    pretty.stdout,
    /^UpdateStatus:\n State: +completed\n Started: +.* ago\n Completed: +.* ago\n Message: +update completed$/m,
  );
  t.match(ps.stdout, /\n\nweb: update completed .* ago/);
});

t.test('an update whose new tasks fail pauses: exit 1 with the manager message', async (t) => {
  const r = await covey(
    'service',
    'update',
    '--label-add',
    'covey.hollow.fail-start=boom',
    '--env-add',
    'C=3',
    'web',
  );
  t.equal(r.code, 1, r.stderr);
  t.match(
    r.stderr.trimEnd().split('\n').at(-1),
    /^covey: .*web: update paused due to failure or early termination of task \w+: .*boom/,
  );
  const { service } = await web();
  t.equal(service.updateStatus?.state, UpdateState.UPDATE_STATE_PAUSED);
  const [pretty, ps] = await Promise.all([
    covey('service', 'inspect', '--pretty', 'web'),
    covey('service', 'ps', 'web'),
  ]);
  t.match(pretty.stdout, /^ State: +paused$/m);
  t.match(pretty.stdout, /^ Message: +update paused due to failure/m);
  t.match(ps.stdout, /\n\nweb: update paused .*: update paused due to failure/);
});

t.test('service rollback shows the rollback and exits 0 once completed', async (t) => {
  const r = await covey('service', 'rollback', 'web');
  t.equal(r.code, 0, r.stderr);
  t.equal(r.stdout, 'web\n');
  t.match(r.stderr, /^rollback: manually requested rollback$/m);
  t.match(r.stderr, /^overall progress: rolling back update: 2 out of 2 tasks$/m);
  t.match(r.stderr, /verify: Service converged\n$/);
  const after = await web();
  t.equal(after.service.updateStatus?.state, UpdateState.UPDATE_STATE_ROLLBACK_COMPLETED);
  t.same(after.service.spec?.task?.container?.env, ['B=2'], 'the spec before the failed update');
  t.same([...after.versions], [after.service.specVersion]);
  t.equal(after.running.length, 2);
});

t.test('scale after a rollback converges: the old rollback is not this command’s failure', async (t) => {
  const r = await covey('service', 'scale', 'web=3');
  t.equal(r.code, 0, r.stderr);
  t.match(r.stderr, /^overall progress: (rolling back update: )?3 out of 3 tasks$/m);
});

t.test('failure action rollback: the update is rolled back, exit 1 with why', async (t) => {
  const r = await covey(
    'service',
    'update',
    '--update-failure-action',
    'rollback',
    '--label-add',
    'covey.hollow.fail-start=boom',
    '--env-add',
    'D=4',
    'web',
  );
  t.equal(r.code, 1, r.stderr);
  t.match(r.stderr, /^rollback: /m, 'the rollback is shown');
  t.match(r.stderr.trimEnd().split('\n').at(-1), /^covey: .*web: update rolled back .*boom/);
  const after = await web();
  t.equal(after.service.updateStatus?.state, UpdateState.UPDATE_STATE_ROLLBACK_COMPLETED);
  t.notOk(after.service.spec?.task?.container?.env.includes('D=4'), 'back on the spec before');
});
