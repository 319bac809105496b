// The pure TaskSpec → container create request mapping; no engine needed.
import t from 'tap';
import {
  containerCreateOptions,
  containerSpecOf,
  healthcheckMode,
  namedVolumes,
  requestedHostPorts,
  stopTimeoutSeconds,
} from '../../../../agent/executors/docker/container-config.ts';
import { TaskRejectedError } from '../../../../agent/executors/errors.ts';
import { MountType } from '../../../../proto/gen/covey/v1/MountType.ts';
import { PortProtocol } from '../../../../proto/gen/covey/v1/PortProtocol.ts';
import { PublishMode } from '../../../../proto/gen/covey/v1/PublishMode.ts';
import type { Mount__Output } from '../../../../proto/gen/covey/v1/Mount.ts';
import { dockerTask, hostPort } from './docker-fixtures.ts';

const run = { id: 'run1', nodeId: 'node-a' };
const ctx = { nodeId: 'node-a', apiVersion: '1.41' };
const mount = (m: Partial<Mount__Output>): Mount__Output => ({
  type: MountType.MOUNT_TYPE_BIND,
  source: '',
  target: '/t',
  readOnly: false,
  volumeOptions: null,
  tmpfsOptions: null,
  ...m,
});

t.test('the spec’s command, environment and identity map to the create request', async (t) => {
  const task = dockerTask(run, {
    id: 'task1',
    image: 'busybox:1.36',
    entrypoint: ['/bin/sh', '-c'],
    args: ['echo hi'],
    env: ['A=1', 'B=two words'],
    workdir: '/srv',
    user: '1000:1000',
    hostname: 'web-1',
    readOnly: true,
    stopSignal: 'SIGINT',
    graceMs: 2500,
    labels: { team: 'blue', 'covey.node.id': 'forged' },
  });
  const options = containerCreateOptions(task, ctx);
  t.match(options, {
    name: 'covey-test.1.task1',
    Image: 'busybox:1.36',
    Entrypoint: ['/bin/sh', '-c'],
    Cmd: ['echo hi'],
    Env: ['A=1', 'B=two words'],
    WorkingDir: '/srv',
    User: '1000:1000',
    Hostname: 'web-1',
    StopSignal: 'SIGINT',
    StopTimeout: 3,
    HostConfig: { ReadonlyRootfs: true, Mounts: [] },
  });
  t.same(options.Labels, {
    team: 'blue',
    'covey.test.run': 'run1',
    'covey.task.id': 'task1',
    'covey.service.id': 'svc-test',
    'covey.service.name': 'covey-test',
    'covey.node.id': 'node-a',
    'covey.slot': '1',
  });
});

t.test('empty fields leave the image’s defaults alone', async (t) => {
  const options = containerCreateOptions(dockerTask(run, { args: [] }), ctx);
  for (const key of [
    'Entrypoint',
    'Cmd',
    'WorkingDir',
    'User',
    'Hostname',
    'StopSignal',
    'Healthcheck',
    'ExposedPorts',
  ]) {
    t.notOk(key in options, `${key} left out`);
  }
  t.notOk('PortBindings' in (options.HostConfig ?? {}));
  t.notOk('Memory' in (options.HostConfig ?? {}));
  t.equal(options.StopTimeout, 1, 'the fixture’s 1 s grace');
  const noGrace = dockerTask(run);
  if (noGrace.spec?.container) noGrace.spec.container.stopGracePeriod = null;
  t.equal(containerCreateOptions(noGrace, ctx).StopTimeout, 10, 'Swarm’s default grace');
});

t.test('limits and reservations map to NanoCpus, Memory and MemoryReservation', async (t) => {
  const task = dockerTask(run, { limits: { nanoCpus: 1_500_000_000, memoryBytes: 256 * 1024 ** 2 } });
  if (task.spec?.resources) task.spec.resources.reservations = { nanoCpus: 0, memoryBytes: 64 * 1024 ** 2 };
  t.match(containerCreateOptions(task, ctx).HostConfig, {
    NanoCpus: 1_500_000_000,
    Memory: 256 * 1024 ** 2,
    MemoryReservation: 64 * 1024 ** 2,
  });
});

t.test('mounts: bind, named and anonymous volumes, tmpfs, read-only', async (t) => {
  const task = dockerTask(run, {
    mounts: [
      mount({ source: '/data', target: '/in', readOnly: true }),
      mount({
        type: MountType.MOUNT_TYPE_VOLUME,
        source: 'cache',
        target: '/cache',
        volumeOptions: { noCopy: true, labels: { keep: 'yes' } },
      }),
      mount({ type: MountType.MOUNT_TYPE_VOLUME, source: '', target: '/anon' }),
      mount({
        type: MountType.MOUNT_TYPE_TMPFS,
        target: '/tmp',
        tmpfsOptions: { sizeBytes: 1024 ** 2, mode: 0o700 },
      }),
      mount({ type: MountType.MOUNT_TYPE_TMPFS, target: '/run', tmpfsOptions: { sizeBytes: 0, mode: 0 } }),
    ],
  });
  t.same(containerCreateOptions(task, ctx).HostConfig?.Mounts, [
    { Type: 'bind', Source: '/data', Target: '/in', ReadOnly: true },
    {
      Type: 'volume',
      Source: 'cache',
      Target: '/cache',
      ReadOnly: false,
      VolumeOptions: { NoCopy: true, Labels: { keep: 'yes' } },
    },
    { Type: 'volume', Source: '', Target: '/anon', ReadOnly: false },
    {
      Type: 'tmpfs',
      Source: '',
      Target: '/tmp',
      ReadOnly: false,
      TmpfsOptions: { SizeBytes: 1024 ** 2, Mode: 0o700 },
    },
    { Type: 'tmpfs', Source: '', Target: '/run', ReadOnly: false },
  ]);
  t.same(
    namedVolumes(task),
    [{ name: 'cache', labels: { keep: 'yes' } }],
    'only named volumes are made ahead',
  );
});

t.test('mounts the engine would misread are rejected', async (t) => {
  const rejects = (m: Mount__Output, reason: RegExp) =>
    t.throws(() => containerCreateOptions(dockerTask(run, { id: 'tk', mounts: [m] }), ctx), {
      name: 'TaskRejectedError',
      taskId: 'tk',
      reason,
    });
  rejects(mount({ source: 'relative/dir', target: '/x' }), /^bad mount source "relative\/dir"/);
  rejects(mount({ source: '/abs', target: 'x' }), /^bad mount target "x"/);
  rejects(
    mount({ type: MountType.MOUNT_TYPE_TMPFS, source: '/abs', target: '/x' }),
    /^bad mount source "\/abs": a tmpfs/,
  );
});

t.test('host-mode ports become ExposedPorts and PortBindings; 0 lets the engine choose', async (t) => {
  const task = dockerTask(run, {
    ports: [
      hostPort(80, 8080),
      hostPort(80, 8081),
      { ...hostPort(53, 5353), protocol: PortProtocol.PORT_PROTOCOL_UDP },
      hostPort(9000, 0),
    ],
  });
  const options = containerCreateOptions(task, ctx);
  t.same(options.ExposedPorts, { '80/tcp': {}, '53/udp': {}, '9000/tcp': {} });
  t.same(options.HostConfig?.PortBindings, {
    '80/tcp': [
      { HostIp: '', HostPort: '8080' },
      { HostIp: '', HostPort: '8081' },
    ],
    '53/udp': [{ HostIp: '', HostPort: '5353' }],
    '9000/tcp': [{ HostIp: '', HostPort: '' }],
  });
  t.same(requestedHostPorts(task), [8080, 8081, 5353]);
  const ingress = dockerTask(run, {
    ports: [{ ...hostPort(80, 80), publishMode: PublishMode.PUBLISH_MODE_INGRESS }],
  });
  t.throws(() => containerCreateOptions(ingress, ctx), TaskRejectedError);
});

t.test(
  'healthcheck: durations in ns, retries, NONE, inherit; StartInterval only from API 1.44',
  async (t) => {
    const s = (seconds: number, nanos = 0) => ({ seconds, nanos });
    const healthcheck = {
      test: ['CMD-SHELL', 'curl -f localhost'],
      interval: s(0, 200_000_000),
      timeout: s(2),
      retries: 4,
      startPeriod: s(10),
      startInterval: s(1),
    };
    const task = dockerTask(run, { healthcheck });
    t.same(containerCreateOptions(task, ctx).Healthcheck, {
      Test: ['CMD-SHELL', 'curl -f localhost'],
      Interval: 200_000_000,
      Timeout: 2_000_000_000,
      StartPeriod: 10_000_000_000,
      Retries: 4,
    });
    t.equal(containerCreateOptions(task, { ...ctx, apiVersion: '1.44' }).Healthcheck?.StartInterval, 1e9);
    t.equal(healthcheckMode(containerSpecOf(task)), 'configured');

    const none = dockerTask(run, { healthcheck: { ...healthcheck, test: ['NONE'] } });
    t.same(containerCreateOptions(none, ctx).Healthcheck?.Test, ['NONE']);
    t.equal(healthcheckMode(containerSpecOf(none)), 'disabled');

    const inherit = dockerTask(run, {
      healthcheck: {
        test: [],
        interval: s(1),
        timeout: null,
        retries: 0,
        startPeriod: null,
        startInterval: null,
      },
    });
    t.same(
      containerCreateOptions(inherit, ctx).Healthcheck,
      { Test: [], Interval: 1e9 },
      'the image’s test, our interval',
    );
    t.equal(healthcheckMode(containerSpecOf(inherit)), 'inherit');
    t.equal(healthcheckMode(containerSpecOf(dockerTask(run))), 'inherit', 'no healthcheck in the spec');
  },
);

t.test('a task without a container spec or image is rejected', async (t) => {
  const task = dockerTask(run);
  if (task.spec) task.spec.container = null;
  t.throws(() => containerCreateOptions(task, ctx), {
    name: 'TaskRejectedError',
    reason: /no container spec/,
  });
  t.throws(() => containerCreateOptions(dockerTask(run, { image: '' }), ctx), {
    name: 'TaskRejectedError',
    reason: /names no image/,
  });
});

t.test('stop timeouts round a grace up to whole seconds', async (t) => {
  t.equal(stopTimeoutSeconds(0), 0);
  t.equal(stopTimeoutSeconds(1), 1);
  t.equal(stopTimeoutSeconds(1000), 1);
  t.equal(stopTimeoutSeconds(1500), 2);
});
