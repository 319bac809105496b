// The docker executor against the real engine: what it advertises, whether the engine answers, the
// containers it finds for its node (workloads) and the removal of one no longer assigned.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import t from 'tap';
import { DockerExecutor } from '../../../../agent/executors/docker/docker-executor.ts';
import { RuntimeUnavailableError } from '../../../../agent/executors/errors.ts';
import { RuntimeKind } from '../../../../proto/gen/covey/v1/RuntimeKind.ts';
import { TaskState as S } from '../../../../proto/gen/covey/v1/TaskState.ts';
import { dockerRun, dockerTask, RunnerUnderTest } from './docker-fixtures.ts';
import { EngineSocketProxy } from './engine-socket-proxy.ts';

t.test(
  'describe() reports the engine’s CPUs, memory, version and labels; refresh() re-reads them',
  async (t) => {
    const run = await dockerRun(t);
    if (run === undefined) return;
    const executor = await run.executor();
    const [info, version] = await Promise.all([run.docker.info(), run.docker.version()]);
    const described = executor.describe();
    t.equal(executor.runtime, RuntimeKind.RUNTIME_KIND_DOCKER);
    t.same(described.runtimes, [RuntimeKind.RUNTIME_KIND_DOCKER]);
    t.equal(described.resources.nanoCpus, (info as { NCPU: number }).NCPU * 1e9);
    t.equal(described.resources.memoryBytes, (info as { MemTotal: number }).MemTotal);
    t.equal(described.engine?.version, version.Version);
    t.type(described.engine?.labels, 'object');
    t.equal(executor.engineApiVersion, version.ApiVersion);
    await executor.refresh();
    t.not(executor.describe(), described, 'a fresh description');
    t.same(executor.describe(), described);
  },
);

t.test('health() answers for a live engine and names the socket and the error for a dead one', async (t) => {
  const run = await dockerRun(t);
  if (run === undefined) return;
  const executor = await run.executor();
  t.match(await executor.health(), { available: true });

  const dir = await mkdtemp(join(tmpdir(), 'covey-no-engine-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const socketPath = join(dir, 'docker.sock');
  await t.rejects(
    DockerExecutor.connect({ nodeId: run.nodeId, docker: new Docker({ socketPath }) }),
    RuntimeUnavailableError,
  );
  await t.rejects(DockerExecutor.connect({ nodeId: run.nodeId, docker: new Docker({ socketPath }) }), {
    message: new RegExp(`unreachable at unix://${socketPath}: connect ENOENT`),
  });
  // An executor whose engine went away after it connected.
  const proxy = await EngineSocketProxy.start();
  t.teardown(() => proxy.close());
  const gone = await DockerExecutor.connect({
    nodeId: run.nodeId,
    docker: new Docker({ socketPath: proxy.socketPath }),
  });
  t.match(await gone.health(), { available: true, message: proxy.socketPath });
  await proxy.cut();
  const report = await gone.health();
  t.equal(report.available, false);
  t.match(report.message, `docker engine unreachable at unix://${proxy.socketPath}: connect ENOENT`);
  await t.rejects(gone.refresh(), RuntimeUnavailableError);
  t.equal(gone.describe().runtimes.length, 1, 'the last description stays');
});

t.test(
  'workloads() lists this node’s containers, running or not; removeWorkload stops and removes one',
  async (t) => {
    const run = await dockerRun(t);
    if (run === undefined) return;
    const executor = await run.executor();
    const sleeper = new RunnerUnderTest(dockerTask(run, { slot: 1 }), executor);
    const done = new RunnerUnderTest(dockerTask(run, { slot: 2, args: ['true'] }), executor);
    await Promise.all([sleeper.driveTo(S.TASK_STATE_RUNNING), done.driveTo(S.TASK_STATE_COMPLETE)]);
    // A container of the same run on another node is not this executor's.
    const other = await run.docker.createContainer({
      Image: sleeper.task.spec?.container?.image ?? '',
      Labels: { 'covey.test.run': run.id, 'covey.node.id': 'another-node', 'covey.task.id': 'x' },
    });
    t.teardown(() => other.remove({ force: true }).catch(() => undefined));

    const byTask = (a: { taskId: string }, b: { taskId: string }) => a.taskId.localeCompare(b.taskId);
    t.same(
      (await executor.workloads()).sort(byTask),
      [
        { taskId: sleeper.task.id, serviceId: 'svc-test', running: true },
        { taskId: done.task.id, serviceId: 'svc-test', running: false },
      ].sort(byTask),
    );

    const started = performance.now();
    await executor.removeWorkload(sleeper.task.id, 0);
    t.ok(performance.now() - started < 5_000, 'no grace: stopped at once');
    t.same(await executor.workloads(), [{ taskId: done.task.id, serviceId: 'svc-test', running: false }]);
    await executor.removeWorkload(sleeper.task.id, 0);
    await executor.removeWorkload(done.task.id, 1_000);
    t.same(await executor.workloads(), []);
    t.ok(await other.inspect(), 'the other node’s container is left alone');
  },
);

t.test('a global service’s container is named for its node', async (t) => {
  const run = await dockerRun(t);
  if (run === undefined) return;
  const executor = await run.executor();
  const task = dockerTask(run, { slot: 0, serviceName: 'agentd' });
  const controller = executor.controller(task);
  await controller.prepare();
  const info = await run.docker.getContainer(`agentd.${run.nodeId}.${task.id}`).inspect();
  t.equal(info.Config.Labels['covey.slot'], '0');
  await controller.remove();
});
