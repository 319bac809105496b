// The docker controller against the real engine, mostly through a real TaskRunner: exit codes, the
// container's configuration as seen from inside, mounts, limits, ports, healthchecks, stop grace, pulls,
// adoption after an agent restart and an engine that goes away under a running task.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import t from 'tap';
import { DockerExecutor } from '../../../../agent/executors/docker/docker-executor.ts';
import { ContainerGoneError } from '../../../../agent/executors/docker/engine-errors.ts';
import {
  ControllerStateError,
  TaskRejectedError,
  TaskStartError,
  TaskUnhealthyError,
} from '../../../../agent/executors/errors.ts';
import type { TaskLogLine } from '../../../../agent/executors/executor.ts';
import { systemClock } from '../../../../agent/worker/clock.ts';
import { MountType } from '../../../../proto/gen/covey/v1/MountType.ts';
import { TaskHealth } from '../../../../proto/gen/covey/v1/TaskHealth.ts';
import { TaskState as S } from '../../../../proto/gen/covey/v1/TaskState.ts';
import { pino } from 'pino';
import { dockerRun, dockerTask, freePort, hostPort, RunnerUnderTest, waitFor } from './docker-fixtures.ts';
import { EngineSocketProxy } from './engine-socket-proxy.ts';

const ms = (n: number) => ({ seconds: Math.floor(n / 1000), nanos: (n % 1000) * 1e6 });

/** Every line a controller's logs() delivers until the container's output ends. */
async function allLogs(executor: DockerExecutor, task: ReturnType<typeof dockerTask>): Promise<string[]> {
  const lines: TaskLogLine[] = [];
  const follower = executor.controller(task).logs?.({ sinceMs: 0, onLine: (line) => lines.push(line) });
  await follower?.done;
  return lines.map((l) => l.data.toString());
}

t.test('exit code 0 is COMPLETE and non-zero is FAILED, through a TaskRunner', async (t) => {
  const run = await dockerRun(t);
  if (run === undefined) return;
  const executor = await run.executor();
  const ok = new RunnerUnderTest(dockerTask(run, { args: ['sh', '-c', 'exit 0'] }), executor);
  const bad = new RunnerUnderTest(dockerTask(run, { args: ['sh', '-c', 'exit 3'] }), executor);
  const [done, failed] = await Promise.all([
    ok.driveTo(S.TASK_STATE_COMPLETE),
    bad.driveTo(S.TASK_STATE_COMPLETE),
  ]);
  t.equal(done.state, S.TASK_STATE_COMPLETE);
  t.same(ok.states(), [
    S.TASK_STATE_ACCEPTED,
    S.TASK_STATE_PREPARING,
    S.TASK_STATE_READY,
    S.TASK_STATE_STARTING,
    S.TASK_STATE_RUNNING,
    S.TASK_STATE_COMPLETE,
  ]);
  t.equal(failed.state, S.TASK_STATE_FAILED);
  t.equal(failed.err, 'task exited with code 3');
  t.equal(failed.containerStatus?.exitCode, 3);
  const inspected = await run.docker.getContainer(failed.containerStatus?.containerId ?? '').inspect();
  t.equal(inspected.Config.Labels['covey.task.id'], bad.task.id, 'the status names the task’s container');
  t.equal(inspected.Name, `/covey-test.1.${bad.task.id}`);
});

t.test('env, workdir, user, hostname and labels reach the container (covey’s labels win)', async (t) => {
  const run = await dockerRun(t);
  if (run === undefined) return;
  const executor = await run.executor();
  const task = dockerTask(run, {
    args: ['sh', '-c', 'echo "$FOO"; pwd; id -u; hostname'],
    env: ['FOO=bar baz'],
    workdir: '/www',
    user: '65534',
    hostname: 'covey-host',
    labels: { team: 'blue', 'covey.task.id': 'forged' },
    slot: 4,
  });
  const runner = new RunnerUnderTest(task, executor);
  t.equal((await runner.driveTo(S.TASK_STATE_COMPLETE)).state, S.TASK_STATE_COMPLETE, runner.last?.err ?? '');
  t.same(await allLogs(executor, task), ['bar baz', '/www', '65534', 'covey-host']);
  const info = await run.docker.getContainer(`covey-test.4.${task.id}`).inspect();
  t.match(info.Config.Labels, {
    team: 'blue',
    'covey.task.id': task.id,
    'covey.service.id': 'svc-test',
    'covey.service.name': 'covey-test',
    'covey.node.id': run.nodeId,
    'covey.slot': '4',
  });
});

t.test('bind, volume and tmpfs mounts, read-only ones and a read-only root filesystem', async (t) => {
  const run = await dockerRun(t);
  if (run === undefined) return;
  const executor = await run.executor();
  const dir = await mkdtemp(join(tmpdir(), 'covey-docker-mounts-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'in.txt'), 'from host\n');
  const volume = `covey-test-${run.id}`;
  const script = [
    'cat /host/in.txt',
    'echo written > /host/out.txt && echo bind-rw-ok',
    'touch /ro/x 2>/dev/null || echo bind-ro-refused',
    'echo kept > /vol/file && echo volume-ok',
    'grep " /scratch " /proc/mounts | grep -o "size=[0-9]*k"',
    'stat -c %a /scratch',
    'touch /rootfile 2>/dev/null || echo rootfs-ro',
  ].join('; ');
  const task = dockerTask(run, {
    args: ['sh', '-c', script],
    readOnly: true,
    mounts: [
      {
        type: MountType.MOUNT_TYPE_BIND,
        source: dir,
        target: '/host',
        readOnly: false,
        volumeOptions: null,
        tmpfsOptions: null,
      },
      {
        type: MountType.MOUNT_TYPE_BIND,
        source: dir,
        target: '/ro',
        readOnly: true,
        volumeOptions: null,
        tmpfsOptions: null,
      },
      {
        type: MountType.MOUNT_TYPE_VOLUME,
        source: volume,
        target: '/vol',
        readOnly: false,
        volumeOptions: { noCopy: true, labels: { 'covey.test.run': run.id, purpose: 'mounts' } },
        tmpfsOptions: null,
      },
      {
        type: MountType.MOUNT_TYPE_TMPFS,
        source: '',
        target: '/scratch',
        readOnly: false,
        volumeOptions: null,
        tmpfsOptions: { sizeBytes: 8 * 1024 * 1024, mode: 0o1770 },
      },
    ],
  });
  const runner = new RunnerUnderTest(task, executor);
  t.equal((await runner.driveTo(S.TASK_STATE_COMPLETE)).state, S.TASK_STATE_COMPLETE, runner.last?.err ?? '');
  t.same(await allLogs(executor, task), [
    'from host',
    'bind-rw-ok',
    'bind-ro-refused',
    'volume-ok',
    'size=8192k',
    '1770',
    'rootfs-ro',
  ]);
  t.equal(await readFile(join(dir, 'out.txt'), 'utf8'), 'written\n');
  const created = await run.docker.getVolume(volume).inspect();
  t.match(created.Labels, { purpose: 'mounts' }, 'the volume was created with the spec’s labels');
  const info = await run.docker.getContainer(`covey-test.1.${task.id}`).inspect();
  t.match(
    info.HostConfig.Mounts?.find((m) => m.Target === '/vol'),
    { VolumeOptions: { NoCopy: true } },
  );
});

t.test('a container killed for memory reports OOM killed', async (t) => {
  const run = await dockerRun(t);
  if (run === undefined) return;
  const executor = await run.executor();
  const task = dockerTask(run, {
    // Holds 64 MiB in a shell variable under a 16 MiB limit.
    args: ['sh', '-c', 'x=$(head -c 67108864 /dev/zero | tr "\\0" a); echo survived'],
    limits: { nanoCpus: 0, memoryBytes: 16 * 1024 * 1024 },
  });
  const runner = new RunnerUnderTest(task, executor);
  const failed = await runner.driveTo(S.TASK_STATE_COMPLETE);
  t.equal(failed.state, S.TASK_STATE_FAILED);
  t.equal(failed.message, 'OOM killed');
  t.equal(failed.containerStatus?.exitCode, 137);
});

t.test('a bind mount whose source is missing rejects the task', async (t) => {
  const run = await dockerRun(t);
  if (run === undefined) return;
  const executor = await run.executor();
  const source = `/nonexistent/covey-${run.id}`;
  const task = dockerTask(run, {
    mounts: [
      {
        type: MountType.MOUNT_TYPE_BIND,
        source,
        target: '/x',
        readOnly: false,
        volumeOptions: null,
        tmpfsOptions: null,
      },
    ],
  });
  const runner = new RunnerUnderTest(task, executor);
  const status = await runner.driveTo(S.TASK_STATE_COMPLETE);
  t.equal(status.state, S.TASK_STATE_REJECTED);
  t.match(status.err, `bad mount source ${source}`);
  await t.rejects(executor.controller(task).prepare(), TaskRejectedError);
});

t.test('memory and CPU limits are set on the container', async (t) => {
  const run = await dockerRun(t);
  if (run === undefined) return;
  const executor = await run.executor();
  const task = dockerTask(run, { limits: { nanoCpus: 500_000_000, memoryBytes: 64 * 1024 * 1024 } });
  const controller = executor.controller(task);
  await controller.prepare();
  const info = await run.docker.getContainer(`covey-test.1.${task.id}`).inspect();
  t.equal(info.HostConfig.Memory, 64 * 1024 * 1024);
  t.equal((info.HostConfig as { NanoCpus?: number }).NanoCpus, 500_000_000);
  await controller.remove();
});

t.test('a published host port serves; the same port asked again rejects the task naming it', async (t) => {
  const run = await dockerRun(t);
  if (run === undefined) return;
  const executor = await run.executor();
  const port = await freePort();
  const httpd = new RunnerUnderTest(
    dockerTask(run, { args: ['httpd', '-f', '-p', '8080', '-h', '/www'], ports: [hostPort(8080, port)] }),
    executor,
  );
  t.equal((await httpd.driveTo(S.TASK_STATE_RUNNING)).state, S.TASK_STATE_RUNNING, httpd.last?.err ?? '');
  const body = await waitFor(
    async () => (await fetch(`http://127.0.0.1:${port}/`)).text(),
    `httpd on host port ${port}`,
    10_000,
    50,
  );
  t.equal(body, 'covey test page\n');
  const clash = new RunnerUnderTest(dockerTask(run, { ports: [hostPort(80, port)] }), executor);
  const status = await clash.driveTo(S.TASK_STATE_COMPLETE);
  t.equal(status.state, S.TASK_STATE_REJECTED);
  t.match(status.err, `host port ${port} is already in use`);
});

t.test('with a healthcheck, start resolves only once healthy; RUNNING reports HEALTHY', async (t) => {
  const run = await dockerRun(t);
  if (run === undefined) return;
  const executor = await run.executor();
  const task = dockerTask(run, {
    args: ['sh', '-c', 'sleep 0.6; touch /tmp/ready; sleep 3600'],
    healthcheck: {
      test: ['CMD-SHELL', 'test -e /tmp/ready'],
      interval: ms(200),
      timeout: ms(1000),
      retries: 10,
      startPeriod: null,
      startInterval: ms(100),
    },
  });
  const runner = new RunnerUnderTest(task, executor);
  const running = await runner.driveTo(S.TASK_STATE_RUNNING);
  t.equal(running.state, S.TASK_STATE_RUNNING);
  t.equal(running.health, TaskHealth.TASK_HEALTH_HEALTHY);
  const info = await run.docker.getContainer(`covey-test.1.${task.id}`).inspect();
  t.equal(info.State.Health?.Status, 'healthy');
  t.equal(info.Config.Healthcheck?.Interval, 200_000_000);
  const starting = runner.statuses.find((s) => s.state === S.TASK_STATE_STARTING);
  t.equal(starting?.health, TaskHealth.TASK_HEALTH_NONE, 'no health was observed before start');
  const at = (status: typeof running | undefined) =>
    (status?.timestamp?.seconds ?? 0) * 1000 + (status?.timestamp?.nanos ?? 0) / 1e6;
  t.ok(
    at(running) - at(starting) >= 500,
    'RUNNING only after the check passed (the file appears after 0.6 s)',
  );
});

t.test(
  'a healthcheck failing before healthy fails the task as unhealthy and stops the container',
  async (t) => {
    const run = await dockerRun(t);
    if (run === undefined) return;
    const executor = await run.executor();
    const task = dockerTask(run, {
      graceMs: 0,
      healthcheck: {
        test: ['CMD-SHELL', 'echo not yet; exit 1'],
        interval: ms(200),
        timeout: ms(1000),
        retries: 2,
        startPeriod: null,
        startInterval: null,
      },
    });
    const controller = executor.controller(task);
    await controller.prepare();
    const error = await controller.start().then(
      () => undefined,
      (e: unknown) => e,
    );
    t.type(error, TaskUnhealthyError);
    t.match((error as TaskUnhealthyError).lastOutput, 'not yet');
    t.equal(controller.health?.(), TaskHealth.TASK_HEALTH_UNHEALTHY);
    const info = await run.docker.getContainer(`covey-test.1.${task.id}`).inspect();
    t.equal(info.State.Running, false, 'the unhealthy container was stopped');

    const viaRunner = new RunnerUnderTest(
      dockerTask(run, { graceMs: 0, healthcheck: task.spec?.container?.healthcheck ?? null }),
      executor,
    );
    const failed = await viaRunner.driveTo(S.TASK_STATE_COMPLETE);
    t.equal(failed.state, S.TASK_STATE_FAILED);
    t.match(failed.err, 'is unhealthy');
  },
);

t.test('a running task that turns unhealthy is stopped and wait() rejects', async (t) => {
  const run = await dockerRun(t);
  if (run === undefined) return;
  const executor = await run.executor();
  const task = dockerTask(run, {
    args: ['sh', '-c', 'sleep 1; touch /tmp/broken; sleep 3600'],
    healthcheck: {
      test: ['CMD-SHELL', 'if test -e /tmp/broken; then echo broken; exit 1; fi'],
      interval: ms(200),
      timeout: ms(1000),
      retries: 1,
      startPeriod: null,
      startInterval: null,
    },
  });
  const runner = new RunnerUnderTest(task, executor);
  t.equal((await runner.driveTo(S.TASK_STATE_RUNNING)).health, TaskHealth.TASK_HEALTH_HEALTHY);
  const failed = await runner.reach(S.TASK_STATE_COMPLETE);
  t.equal(failed.state, S.TASK_STATE_FAILED);
  t.match(failed.err, /unhealthy: broken/);
  t.equal(failed.health, TaskHealth.TASK_HEALTH_UNHEALTHY);
  const info = await run.docker.getContainer(`covey-test.1.${task.id}`).inspect();
  t.equal(info.State.Running, false);
});

t.test(
  'a container that exits while start waits for health fails the start with its exit code',
  async (t) => {
    const run = await dockerRun(t);
    if (run === undefined) return;
    const executor = await run.executor();
    const task = dockerTask(run, {
      args: ['sh', '-c', 'sleep 0.3; exit 5'],
      healthcheck: {
        test: ['CMD', 'false'],
        interval: ms(5000),
        timeout: null,
        retries: 3,
        startPeriod: null,
        startInterval: null,
      },
    });
    const controller = executor.controller(task);
    await controller.prepare();
    const error = await controller.start().then(
      () => undefined,
      (e: unknown) => e,
    );
    t.type(error, TaskStartError);
    t.match((error as TaskStartError).reason, 'container exited with code 5 before it was healthy');
  },
);

t.test(
  'stop grace: a container ignoring TERM is killed after the grace; one exiting on TERM stops at once',
  async (t) => {
    const run = await dockerRun(t);
    if (run === undefined) return;
    const executor = await run.executor();
    const stubborn = new RunnerUnderTest(
      dockerTask(run, { args: ['sh', '-c', "trap '' TERM; while :; do sleep 0.1; done"], graceMs: 1500 }),
      executor,
    );
    const polite = new RunnerUnderTest(
      dockerTask(run, {
        args: ['sh', '-c', "trap 'exit 0' TERM; while :; do sleep 0.1; done"],
        graceMs: 1500,
      }),
      executor,
    );
    await Promise.all([stubborn.driveTo(S.TASK_STATE_RUNNING), polite.driveTo(S.TASK_STATE_RUNNING)]);
    const timed = async (r: RunnerUnderTest) => {
      const started = performance.now();
      void r.runner.update({ ...r.task, desiredState: S.TASK_STATE_SHUTDOWN });
      const status = await r.reach(S.TASK_STATE_SHUTDOWN);
      return { status, elapsed: performance.now() - started };
    };
    const [killed, stopped] = await Promise.all([timed(stubborn), timed(polite)]);
    t.equal(killed.status.state, S.TASK_STATE_SHUTDOWN);
    t.ok(
      killed.elapsed >= 1500,
      `the stubborn container got its whole grace (${Math.round(killed.elapsed)} ms)`,
    );
    t.equal(stopped.status.state, S.TASK_STATE_SHUTDOWN);
    t.ok(
      stopped.elapsed < 1000,
      `the polite container stopped well before the grace (${Math.round(stopped.elapsed)} ms)`,
    );
    const info = await run.docker.getContainer(`covey-test.1.${stubborn.task.id}`).inspect();
    t.equal(info.State.ExitCode, 137, 'killed');
  },
);

t.test('an image that cannot be pulled rejects the task with the engine’s reason', async (t) => {
  const run = await dockerRun(t);
  if (run === undefined) return;
  const executor = await run.executor();
  const image = `covey-test/missing-${run.id}:1`;
  const runner = new RunnerUnderTest(dockerTask(run, { image }), executor);
  const status = await runner.driveTo(S.TASK_STATE_COMPLETE, 60_000);
  t.equal(status.state, S.TASK_STATE_REJECTED);
  t.match(status.err, new RegExp(`image ${image} could not be pulled: \\S+`));
});

t.test('a restarted agent adopts the running container and reports its exit', async (t) => {
  const run = await dockerRun(t);
  if (run === undefined) return;
  const first = await run.executor();
  const task = dockerTask(run, { args: ['sh', '-c', "trap 'exit 4' USR1; while :; do sleep 0.1; done"] });
  const before = new RunnerUnderTest(task, first);
  const running = await before.driveTo(S.TASK_STATE_RUNNING);
  const containerId = (await run.docker.getContainer(`covey-test.1.${task.id}`).inspect()).Id;

  // As after kill -9 and a restart: a new client, a new executor, the task as the manager knows it.
  const second = await run.executor({ docker: new Docker() });
  t.same(await second.workloads(), [{ taskId: task.id, serviceId: 'svc-test', running: true }]);
  const adoptedTask = { ...task, status: { ...running, state: S.TASK_STATE_RUNNING } };
  const adopted = second.controller(adoptedTask);
  await adopted.prepare();
  await adopted.start();
  const after = new RunnerUnderTest(adoptedTask, second);
  void after.runner.drive();
  await waitFor(
    async () =>
      (await run.docker.listContainers({ all: true, filters: { label: [run.label] } })).length === 1,
    'one container only',
    2_000,
  );
  await run.docker.getContainer(containerId).kill({ signal: 'SIGUSR1' });
  const failed = await after.reach(S.TASK_STATE_COMPLETE);
  t.equal(failed.state, S.TASK_STATE_FAILED);
  t.equal(failed.containerStatus?.containerId, containerId, 'attached to the same container');
  t.equal(failed.containerStatus?.exitCode, 4);
  t.ok((failed.containerStatus?.pid ?? 0) > 0, 'the pid seen while it ran');

  const late = await second.controller(adoptedTask).wait();
  t.equal(late.exitCode, 4, 'a container that exited meanwhile reports its real exit');

  await run.docker.getContainer(containerId).remove({ force: true });
  await t.rejects(second.controller(adoptedTask).wait(), ContainerGoneError);
  const gone = new RunnerUnderTest(adoptedTask, second);
  const lost = await gone.driveTo(S.TASK_STATE_COMPLETE);
  t.equal(lost.state, S.TASK_STATE_FAILED);
  t.match(lost.err, `container covey-test.1.${task.id} no longer exists`);
});

t.test('controller steps are idempotent; a removed controller refuses work', async (t) => {
  const run = await dockerRun(t);
  if (run === undefined) return;
  const executor = await run.executor();
  const task = dockerTask(run);
  const controller = executor.controller(task);
  await controller.shutdown(0);
  await controller.terminate();
  await controller.prepare();
  await controller.prepare();
  await executor.controller(task).prepare();
  await controller.start();
  await controller.start();
  await executor.controller(task).start();
  t.equal((await run.docker.listContainers({ all: true, filters: { label: [run.label] } })).length, 1);
  await controller.terminate();
  t.equal((await controller.wait()).exitCode, 137);
  await controller.terminate();
  await controller.remove();
  await controller.remove();
  t.equal((await run.docker.listContainers({ all: true, filters: { label: [run.label] } })).length, 0);
  await t.rejects(controller.start(), ControllerStateError);
  await t.rejects(controller.wait(), ControllerStateError);
});

t.test('the engine going away during wait(): the task stays RUNNING, then reports the exit', async (t) => {
  const run = await dockerRun(t);
  if (run === undefined) return;
  const proxy = await EngineSocketProxy.start();
  t.teardown(() => proxy.close());
  const records: Array<{ msg?: string }> = [];
  const logger = pino(
    { level: 'debug' },
    {
      write: (line: string) => {
        if (process.env.SHOW_RECORDS) process.stderr.write(line);
        records.push(JSON.parse(line) as { msg?: string });
      },
    },
  );
  const executor = await DockerExecutor.connect({
    nodeId: run.nodeId,
    docker: new Docker({ socketPath: proxy.socketPath }),
    clock: systemClock,
    logger,
    reconnect: { initialMs: 50, maxMs: 200 },
  });
  const task = dockerTask(run, { args: ['sh', '-c', "trap 'exit 6' USR1; while :; do sleep 0.1; done"] });
  const runner = new RunnerUnderTest(task, executor);
  await runner.driveTo(S.TASK_STATE_RUNNING);
  const lost = () => records.filter((r) => r.msg?.startsWith('lost the docker engine')).length;
  const back = () => records.filter((r) => r.msg?.startsWith('docker engine answers again')).length;
  const retried = () => records.filter((r) => r.msg === 'docker engine still unreachable').length;

  // An outage while the container keeps running: the task is not failed, the wait resumes.
  await proxy.cut();
  await waitFor(() => retried() >= 2, 'pings retried while the engine is gone', 5_000);
  t.equal(lost(), 1);
  t.equal(runner.runner.state, S.TASK_STATE_RUNNING, 'still RUNNING while the engine is gone');
  await proxy.restore();
  await waitFor(() => back() === 1, 'the controller to reconnect', 5_000);

  // An outage during which the container exits: the real exit is reported once the engine is back.
  await proxy.cut();
  await waitFor(() => lost() === 2, 'the second loss noticed', 5_000);
  const containerId = (await run.docker.getContainer(`covey-test.1.${task.id}`).inspect()).Id;
  await run.docker.getContainer(containerId).kill({ signal: 'SIGUSR1' });
  await waitFor(
    async () => !(await run.docker.getContainer(containerId).inspect()).State.Running,
    'the exit',
  );
  t.equal(runner.runner.state, S.TASK_STATE_RUNNING);
  await proxy.restore();
  const failed = await runner.reach(S.TASK_STATE_COMPLETE);
  t.equal(failed.state, S.TASK_STATE_FAILED);
  t.equal(failed.containerStatus?.exitCode, 6);
  t.same(
    runner.states().filter((s) => s > S.TASK_STATE_RUNNING),
    [S.TASK_STATE_FAILED],
    'one final state, no failure during the outages',
  );
});

/**
 * The engine's answers to stop held until the test opens the gate: what a busy host's teardown of a
 * stopped container (network namespace, mounts) looks like from the agent, made as long as needed.
 */
class StopGate {
  /** Stop calls the engine has carried out and whose answer is held. */
  held = 0;
  /** For each remove call: whether the gate was open (every stop answered) when it was made. */
  readonly removesAfterOpen: boolean[] = [];
  private isOpen = false;
  private release!: () => void;
  private readonly opened = new Promise<void>((resolve) => {
    this.release = resolve;
  });

  open(): void {
    this.isOpen = true;
    this.release();
  }

  /** `docker` whose containers' stop answers wait for the gate (and whose removes are recorded). */
  wrap(docker: Docker): Docker {
    const gate = this;
    return new Proxy(docker, {
      get(target, prop, receiver) {
        if (prop !== 'getContainer') return Reflect.get(target, prop, receiver);
        return (id: string) => {
          const container = target.getContainer(id);
          const stop = container.stop.bind(container);
          const remove = container.remove.bind(container);
          container.stop = (async (options?: object) => {
            const answer = await stop(options);
            gate.held++;
            await gate.opened;
            return answer;
          }) as Docker.Container['stop'];
          container.remove = (async (options?: object) => {
            gate.removesAfterOpen.push(gate.isOpen);
            return remove(options);
          }) as Docker.Container['remove'];
          return container;
        };
      },
    });
  }
}

t.test(
  'a shutdown is done when the process exits, unless a fixed host port must be freed first; remove waits for the stop',
  async (t) => {
    const run = await dockerRun(t);
    if (run === undefined) return;
    const gate = new StopGate();
    t.teardown(() => gate.open());
    const executor = await run.executor({ docker: gate.wrap(run.docker) });
    const polite = { args: ['sh', '-c', "trap 'exit 3' TERM; while :; do sleep 0.1; done"], graceMs: 5_000 };
    const free = new RunnerUnderTest(dockerTask(run, polite), executor);
    const bound = new RunnerUnderTest(
      dockerTask(run, { ...polite, slot: 2, ports: [hostPort(8080, await freePort())] }),
      executor,
    );
    await Promise.all([free.driveTo(S.TASK_STATE_RUNNING), bound.driveTo(S.TASK_STATE_RUNNING)]);
    void free.runner.update({ ...free.task, desiredState: S.TASK_STATE_SHUTDOWN });
    void bound.runner.update({ ...bound.task, desiredState: S.TASK_STATE_SHUTDOWN });
    const shutdown = await free.reach(S.TASK_STATE_SHUTDOWN);
    t.equal(shutdown.containerStatus?.exitCode, 3, 'the exit code, from the engine’s die event');
    await waitFor(() => gate.held === 2, 'both stops carried out by the engine', 20_000, 25);
    t.equal(bound.runner.state, S.TASK_STATE_RUNNING, 'the task holding a host port waits for the engine');

    const removal = free.runner.remove();
    // Room for a remove that does not wait for the stop to show itself before the gate opens.
    await new Promise((resolve) => setTimeout(resolve, 300));
    gate.open();
    t.equal((await bound.reach(S.TASK_STATE_SHUTDOWN)).state, S.TASK_STATE_SHUTDOWN);
    await removal;
    t.same(gate.removesAfterOpen, [true], 'the container was removed only once the engine had stopped it');
    const left = await run.docker.listContainers({ all: true, filters: { label: [run.label] } });
    t.same(
      left.map((c) => c.Labels['covey.task.id']),
      [bound.task.id],
      'only the task not yet removed is left',
    );
  },
);
