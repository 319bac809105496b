// Real processes on the real Docker engine: three `covey daemon` managers (no runtime) and three
// workers with `--runtime docker`. A 6-replica service runs as containers; the leader is killed with
// SIGKILL and the agents move to the new leader without restarting a container; a worker is killed
// and its tasks are replaced on the others; restarted, it adopts what it ran and removes what is no
// longer its (the replaced tasks' containers).
import type Docker from 'dockerode';
import t from 'tap';
import type { ClusterProcess } from '../../scripts/lab/process-cluster.ts';
import { waitFor } from '../../scripts/lab/wait-for.ts';
import { TaskState } from '../../proto/gen/covey/v1/TaskState.ts';
import { requireDocker, TEST_IMAGE } from '../fixtures/requirements.ts';
import { startDockerCluster } from './docker-fixtures.ts';
import { serviceTasks, readyWorkers } from './service-fixtures.ts';

const docker = await requireDocker(t);
if (docker !== undefined) await run(docker);

async function containersOf(docker: Docker, serviceId: string) {
  const list = await docker.listContainers({
    all: true,
    filters: { label: [`covey.service.id=${serviceId}`] },
  });
  return list.map((c) => ({
    id: c.Id,
    taskId: c.Labels['covey.task.id'] ?? '',
    nodeId: c.Labels['covey.node.id'] ?? '',
    running: c.State === 'running',
  }));
}

async function run(docker: Docker): Promise<void> {
  const { lab, control, serviceIds } = await startDockerCluster(t, docker, {
    managers: 3,
    workers: 3,
    dirPrefix: 'covey-docker-',
  });
  const nodeOf = new Map<string, ClusterProcess>();
  for (const n of (await control.listNodes()).nodes) {
    const p = lab.nodes.find((x) => x.name === n.description?.hostname);
    if (p !== undefined) nodeOf.set(n.id, p);
  }

  const { service } = await control.createService({
    spec: {
      annotations: { name: 'sleepers' },
      task: { container: { image: TEST_IMAGE, args: ['sleep', '3600'], stopGracePeriod: { seconds: 1 } } },
      replicated: { replicas: 6 },
    },
  });
  const serviceId = service?.id ?? '';
  serviceIds.push(serviceId);

  await t.test('six replicas run as containers, spread over the three workers', async (t) => {
    const { running } = await waitFor(
      async () => {
        const s = await serviceTasks(control, serviceId);
        return s.running.length === 6 ? s : undefined;
      },
      'six tasks RUNNING',
      60_000,
    );
    const perNode = new Map<string, number>();
    for (const task of running) perNode.set(task.nodeId, (perNode.get(task.nodeId) ?? 0) + 1);
    t.same([...perNode.values()].sort(), [2, 2, 2]);
    const containers = await containersOf(docker, serviceId);
    t.equal(containers.filter((c) => c.running).length, 6, 'six containers run');
    t.same(
      new Set(containers.map((c) => c.taskId)),
      new Set(running.map((r) => r.id)),
      'one container per task, labelled with it',
    );
  });

  await t.test('a worker killed: its tasks are replaced elsewhere; restarted, it cleans up', async (t) => {
    const { running } = await serviceTasks(control, serviceId);
    const victimId = running[0]?.nodeId ?? '';
    const victim = nodeOf.get(victimId);
    if (victim === undefined) throw new Error('no process for the victim node');
    const itsTasks = new Set(running.filter((r) => r.nodeId === victimId).map((r) => r.id));
    await lab.kill(victim);
    const replaced = await waitFor(
      async () => {
        const s = await serviceTasks(control, serviceId);
        const elsewhere = s.running.filter((r) => r.nodeId !== victimId);
        return elsewhere.length === 6 ? s : undefined;
      },
      'six tasks RUNNING on the other workers',
      60_000,
    );
    t.notOk(
      replaced.running.some((r) => itsTasks.has(r.id)),
      'the killed worker’s tasks were replaced by new ones',
    );
    const stillThere = (await containersOf(docker, serviceId)).filter(
      (c) => c.nodeId === victimId && c.running,
    );
    t.equal(stillThere.length, itsTasks.size, 'its containers kept running while its agent was dead');

    await lab.run(victim);
    await waitFor(
      async () => {
        const mine = (await containersOf(docker, serviceId)).filter((c) => c.nodeId === victimId);
        return mine.length === itsTasks.size && mine.every((c) => !c.running) ? true : undefined;
      },
      'the restarted worker to stop the replaced tasks’ containers',
      60_000,
    );
    t.pass('the restarted worker adopted its containers and stopped those of replaced tasks');
    const after = await waitFor(
      async () => {
        const s = await serviceTasks(control, serviceId);
        const old = s.all.filter((x) => itsTasks.has(x.id));
        return old.every((x) => (x.status?.state ?? 0) >= TaskState.TASK_STATE_COMPLETE) ? s : undefined;
      },
      'the replaced tasks to report their end',
      30_000,
    );
    t.equal(after.running.length, 6, 'six tasks still run');
  });

  await t.test('kill -9 of the leader: a new leader, and no container is restarted', async (t) => {
    const before = (await containersOf(docker, serviceId)).filter((c) => c.running);
    const started = new Map<string, string>();
    for (const c of before) started.set(c.id, (await docker.getContainer(c.id).inspect()).State.StartedAt);
    // The next leader's dispatcher runs with a 30 s down grace (read when its term begins), so a
    // worker restarted below is not declared down while it is away.
    const { cluster } = await control.getCluster();
    await control.updateCluster({
      clusterId: cluster?.id ?? '',
      clusterVersion: cluster?.meta?.version ?? 0,
      spec: { ...cluster?.spec, dispatcher: { downGrace: { seconds: 30, nanos: 0 } } },
    });
    const old = await waitFor(() => lab.leader(), 'a leader');
    await lab.kill(old);
    const survivors = lab.managers().filter((m) => m !== old);
    await waitFor(() => lab.leader(survivors), 'a new leader', 20_000);
    const viaSurvivors = lab.control(survivors.map((m) => m.addr));
    t.teardown(() => viaSurvivors.close());
    // Every agent reports to the new leader: all three workers READY again there.
    await waitFor(
      async () => {
        const { nodes } = await viaSurvivors.listNodes();
        const ready = readyWorkers(nodes);
        return ready === 3 ? true : undefined;
      },
      'the workers READY at the new leader',
      30_000,
    );
    const { running } = await waitFor(
      async () => {
        const s = await serviceTasks(viaSurvivors, serviceId);
        return s.running.length === 6 ? s : undefined;
      },
      'six tasks RUNNING',
      30_000,
    );
    t.same(new Set(running.map((r) => r.id)), new Set(before.map((c) => c.taskId)), 'the same six tasks');
    const after = (await containersOf(docker, serviceId)).filter((c) => c.running);
    t.same(new Set(after.map((c) => c.id)), new Set(before.map((c) => c.id)), 'the same containers');
    for (const c of after) {
      t.equal(
        (await docker.getContainer(c.id).inspect()).State.StartedAt,
        started.get(c.id),
        'never restarted',
      );
    }
    await lab.run(old);
  });

  await t.test('kill -9 of a worker and a restart: its containers are adopted, none restarted', async (t) => {
    const before = await serviceTasks(control, serviceId);
    const victimId = before.running[0]?.nodeId ?? '';
    const victim = nodeOf.get(victimId);
    if (victim === undefined) throw new Error('no process for the victim node');
    const mine = (await containersOf(docker, serviceId)).filter((c) => c.nodeId === victimId && c.running);
    const started = new Map<string, string>();
    for (const c of mine) started.set(c.id, (await docker.getContainer(c.id).inspect()).State.StartedAt);
    await lab.kill(victim);
    await lab.run(victim);
    await waitFor(
      async () => {
        const { nodes } = await control.listNodes();
        const ready = readyWorkers(nodes);
        return ready === 3 ? true : undefined;
      },
      'the restarted worker READY',
      30_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // let it reconcile and report
    const after = await serviceTasks(control, serviceId);
    t.same(
      new Set(after.running.map((x) => x.id)),
      new Set(before.running.map((x) => x.id)),
      'the same tasks run',
    );
    t.equal(after.all.length, before.all.length, 'no task was replaced');
    const now = (await containersOf(docker, serviceId)).filter((c) => c.nodeId === victimId && c.running);
    t.same(new Set(now.map((c) => c.id)), new Set(mine.map((c) => c.id)), 'the same container IDs run');
    for (const c of now) {
      t.equal(
        (await docker.getContainer(c.id).inspect()).State.StartedAt,
        started.get(c.id),
        'not restarted',
      );
    }
  });

  await t.test('a container turning unhealthy fails its task and the task is restarted', async (t) => {
    const { service: flaky } = await control.createService({
      spec: {
        annotations: { name: 'flaky' },
        task: {
          container: {
            image: TEST_IMAGE,
            args: ['sh', '-c', 'touch /tmp/ok; sleep 2; rm /tmp/ok; sleep 3600'],
            stopGracePeriod: { seconds: 1 },
            healthcheck: {
              test: ['CMD-SHELL', 'test -e /tmp/ok'],
              interval: { seconds: 0, nanos: 200_000_000 },
              timeout: { seconds: 1 },
              retries: 2,
            },
          },
          restart: { delay: { seconds: 0, nanos: 100_000_000 } },
        },
        replicated: { replicas: 1 },
      },
    });
    const flakyId = flaky?.id ?? '';
    serviceIds.push(flakyId);
    const seen = await waitFor(
      async () => {
        const s = await serviceTasks(control, flakyId);
        const failed = s.all.find((x) => x.status?.state === TaskState.TASK_STATE_FAILED);
        return failed !== undefined && s.all.length >= 2 ? { s, failed } : undefined;
      },
      'a FAILED task and its replacement',
      60_000,
    );
    t.match(seen.failed.status?.err, /unhealthy/, 'the task failed as unhealthy');
    t.ok(
      seen.s.all.some((x) => x.id !== seen.failed.id && x.slot === seen.failed.slot),
      'a new task for the slot',
    );
    await control.removeService(flakyId);
  });

  await t.test(
    'a service removed while a worker is down: the restarted worker removes its containers',
    async (t) => {
      const { running } = await serviceTasks(control, serviceId);
      const victimId = running[0]?.nodeId ?? '';
      const victim = nodeOf.get(victimId);
      if (victim === undefined) throw new Error('no process for the victim node');
      await lab.kill(victim);
      await control.removeService(serviceId);
      await waitFor(
        async () => {
          const left = await containersOf(docker, serviceId);
          return left.every((c) => c.nodeId === victimId) ? true : undefined;
        },
        'the live workers to remove their containers',
        60_000,
      );
      t.ok(
        (await containersOf(docker, serviceId)).some((c) => c.nodeId === victimId),
        'the dead worker’s remain',
      );
      await lab.run(victim);
      await waitFor(
        async () => ((await containersOf(docker, serviceId)).length === 0 ? true : undefined),
        'the restarted worker to remove the containers of tasks no longer assigned',
        60_000,
      );
      t.pass('no container of the service is left');
    },
  );
}
