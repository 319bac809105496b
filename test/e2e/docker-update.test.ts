// Rolling updates and rollbacks end to end: three `covey daemon` managers and two workers on the
// real Docker engine, driven by the real `covey` binary as an operator would — progress and exit
// codes of update/rollback, automatic rollback on a failing command and on a failing healthcheck,
// start-first sampled never below the replica count, pause and resume, and an update that survives
// kill -9 of the leader without a slot replaced twice.
import { join } from 'node:path';
import type Docker from 'dockerode';
import t from 'tap';
import { coveyAt } from '../fixtures/covey-cli.ts';
import { waitFor } from '../../scripts/lab/wait-for.ts';
import type { ControlClient } from '../../cli/control-client.ts';
import type { Service__Output } from '../../proto/gen/covey/v1/Service.ts';
import type { Task__Output } from '../../proto/gen/covey/v1/Task.ts';
import { TaskState } from '../../proto/gen/covey/v1/TaskState.ts';
import { UpdateState } from '../../proto/gen/covey/v1/UpdateState.ts';
import { requireDocker, TEST_IMAGE } from '../fixtures/requirements.ts';
import { startDockerCluster } from './docker-fixtures.ts';
import { serviceTasks } from './service-fixtures.ts';

/** Stops at once on TERM, as the bench's and most real services do. */
const LOOP = ['sh', '-c', 'trap "exit 0" TERM; while :; do sleep 1; done'];

// Rollouts on the real engine outlast tap's default 30 s without output under load.
t.setTimeout(600_000);
const docker = await requireDocker(t);
if (docker !== undefined) await run(docker);

async function run(docker: Docker): Promise<void> {
  const { lab, control, serviceIds } = await startDockerCluster(t, docker, {
    managers: 3,
    workers: 2,
    dirPrefix: 'covey-update-',
  });
  const m1 = lab.managers()[0]!;
  const target = [
    '--host',
    lab
      .managers()
      .map((m) => m.addr)
      .join(','),
    '--cert-dir',
    join(m1.dataDir, 'client'),
  ];
  const covey = coveyAt(target, { timeoutMs: 120_000 });
  const create = async (name: string, replicas: number, ...flags: string[]) => {
    const r = await covey(
      'service',
      'create',
      '--name',
      name,
      '--replicas',
      String(replicas),
      '--stop-grace-period',
      '2s',
      '--update-monitor',
      '1s',
      ...flags,
      TEST_IMAGE,
      ...LOOP,
    );
    const service = (await control.listServices({ filters: { names: [name] } })).services[0];
    if (service !== undefined) serviceIds.push(service.id);
    return { r, service };
  };
  const get = async (id: string): Promise<Service__Output> => {
    const { service } = await control.getService(id);
    if (!service) throw new Error(`service ${id} is gone`);
    return service;
  };
  const envOf = (task: Task__Output) => task.spec?.container?.env ?? [];

  await t.test(
    'create and update show progress and exit 0 once converged; every slot replaced once',
    async (t) => {
      const { r, service } = await create('web', 4);
      t.equal(r.code, 0, r.stderr);
      t.match(r.stderr, /overall progress: 4 out of 4 tasks/);
      const id = service!.id;
      const up = await covey('service', 'update', '--env-add', 'V=2', 'web');
      t.equal(up.code, 0, up.stderr);
      t.match(up.stderr, /overall progress: 4 out of 4 tasks/);
      t.match(up.stderr, /verify: Service converged/);
      const s = await get(id);
      t.equal(s.updateStatus?.state, UpdateState.UPDATE_STATE_COMPLETED, 'update status completed');
      const { all, running } = await serviceTasks(control, id);
      t.equal(running.length, 4);
      t.ok(
        running.every((x) => envOf(x).includes('V=2')),
        'every running task has the new env',
      );
      const fresh = all.filter((x) => x.specVersion === s.specVersion);
      t.same(fresh.map((x) => x.slot).sort(), [1, 2, 3, 4], 'one replacement per slot');
      const ps = await covey('service', 'ps', 'web');
      t.equal(ps.code, 0);
      t.match(ps.stdout, /Running/);

      const back = await covey('service', 'rollback', 'web');
      t.equal(back.code, 0, back.stderr);
      const rolled = await get(id);
      t.equal(rolled.updateStatus?.state, UpdateState.UPDATE_STATE_ROLLBACK_COMPLETED);
      const after = await serviceTasks(control, id);
      t.ok(
        after.running.length === 4 && after.running.every((x) => !envOf(x).includes('V=2')),
        '`service rollback` brought the old env back on all 4',
      );
      const inspect = await covey('service', 'inspect', '--pretty', 'web');
      t.match(inspect.stdout, /rollback_completed|rollback completed/i, 'inspect shows the update status');
    },
  );

  await t.test('a failing command with failure action rollback: exit 1, previous spec back', async (t) => {
    const { r, service } = await create('crash', 3, '--update-failure-action', 'rollback');
    t.equal(r.code, 0, r.stderr);
    const before = await get(service!.id);
    const up = await covey('service', 'update', '--args', 'sh -c "exit 3"', 'crash');
    t.equal(up.code, 1, 'non-zero: the update was rolled back');
    t.match(up.stderr, /roll/i, up.stderr);
    const s = await get(service!.id);
    t.equal(
      s.updateStatus?.state,
      UpdateState.UPDATE_STATE_ROLLBACK_COMPLETED,
      s.updateStatus?.message ?? '',
    );
    t.match(s.updateStatus?.message ?? '', /./);
    t.same(s.spec?.task, before.spec?.task, 'the previous task template is in force');
    await waitFor(
      async () => ((await serviceTasks(control, service!.id)).running.length === 3 ? true : undefined),
      'three running again',
      30_000,
    );
  });

  await t.test('a failing healthcheck with failure action rollback: exit 1, rolled back', async (t) => {
    const { r, service } = await create('sick', 2, '--update-failure-action', 'rollback');
    t.equal(r.code, 0, r.stderr);
    const up = await covey(
      'service',
      'update',
      '--health-cmd',
      'false',
      '--health-interval',
      '500ms',
      '--health-retries',
      '1',
      'sick',
    );
    t.equal(up.code, 1, up.stderr);
    const s = await get(service!.id);
    t.equal(
      s.updateStatus?.state,
      UpdateState.UPDATE_STATE_ROLLBACK_COMPLETED,
      s.updateStatus?.message ?? '',
    );
    const hc = s.spec?.task?.container?.healthcheck;
    t.ok(hc === null || hc === undefined || !hc.test.includes('false'), 'the healthcheck is gone again');
  });

  await t.test('start-first, parallelism 2: running replicas sampled never below 4', async (t) => {
    const { r, service } = await create(
      'steady',
      4,
      '--update-order',
      'start-first',
      '--update-parallelism',
      '2',
    );
    t.equal(r.code, 0, r.stderr);
    const id = service!.id;
    let min = Number.POSITIVE_INFINITY;
    let samples = 0;
    let done = false;
    const sampler = (async () => {
      while (!done) {
        const { all } = await serviceTasks(control, id);
        const running = all.filter((x) => x.status?.state === TaskState.TASK_STATE_RUNNING).length;
        min = Math.min(min, running);
        samples++;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    const up = await covey('service', 'update', '--env-add', 'V=3', 'steady');
    done = true;
    await sampler;
    t.equal(up.code, 0, up.stderr);
    t.ok(samples >= 10, `${samples} samples`);
    t.ok(min >= 4, `never fewer than 4 running (min ${min})`);
  });

  await t.test('failure action pause: exit 1 with the reason; the next update resumes', async (t) => {
    const { r, service } = await create('halt', 3);
    t.equal(r.code, 0, r.stderr);
    const bad = await covey('service', 'update', '--args', 'sh -c "exit 4"', 'halt');
    t.equal(bad.code, 1);
    t.match(bad.stderr, /paused/i);
    const paused = await get(service!.id);
    t.equal(paused.updateStatus?.state, UpdateState.UPDATE_STATE_PAUSED);
    t.match(paused.updateStatus?.message, /update paused due to failure or early termination of task/);
    const good = await covey('service', 'update', '--args', `sh -c '${LOOP[2]}'`, 'halt');
    t.equal(good.code, 0, good.stderr);
    t.equal((await get(service!.id)).updateStatus?.state, UpdateState.UPDATE_STATE_COMPLETED);
  });

  await t.test(
    'kill -9 of the leader mid-update: the update completes, no slot replaced twice',
    async (t) => {
      const { r, service } = await create('sturdy', 4, '--update-delay', '1s');
      t.equal(r.code, 0, r.stderr);
      const id = service!.id;
      const up = await covey('service', 'update', '-d', '--env-add', 'V=4', 'sturdy');
      t.equal(up.code, 0, up.stderr);
      const version = (await get(id)).specVersion;
      await waitFor(
        async () => {
          const { all } = await serviceTasks(control, id);
          return (
            all.filter((x) => x.specVersion === version && x.status?.state === TaskState.TASK_STATE_RUNNING)
              .length >= 1 || undefined
          );
        },
        'the first slot updated',
        30_000,
      );
      const leader = await lab.leader();
      t.ok(leader, 'a leader to kill');
      await lab.kill(leader!);
      const survivors = lab.managers().filter((m) => m !== leader);
      const client: ControlClient = lab.control(survivors.map((m) => m.addr));
      t.teardown(() => client.close());
      const final = await waitFor(
        async () => {
          const s = (await client.getService(id)).service;
          return s?.updateStatus?.state === UpdateState.UPDATE_STATE_COMPLETED ? s : undefined;
        },
        'update completed under the new leader',
        60_000,
      );
      const { all, running } = await serviceTasks(client, id);
      const fresh = all.filter((x) => x.specVersion === final.specVersion);
      t.same(
        fresh.map((x) => x.slot).sort(),
        [1, 2, 3, 4],
        'each slot replaced exactly once across the failover',
      );
      t.equal(running.length, 4);
    },
  );
}
