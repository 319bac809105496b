import t from 'tap';
import { FlagValueError } from '../../../cli/commands/flag-value-error.ts';
import { parseMount, parsePublish, serviceSpecFromFlags } from '../../../cli/commands/service-flags.ts';
import { UsageError } from '../../../cli/usage-error.ts';
import { MountType } from '../../../proto/gen/covey/v1/MountType.ts';
import { PortProtocol } from '../../../proto/gen/covey/v1/PortProtocol.ts';
import { PublishMode } from '../../../proto/gen/covey/v1/PublishMode.ts';
import { RestartCondition } from '../../../proto/gen/covey/v1/RestartCondition.ts';

t.test('a bare image: one replica, the image CMD', async (t) => {
  t.same(serviceSpecFromFlags({}, 'nginx:1', []), {
    annotations: { name: '', labels: {} },
    task: { container: { image: 'nginx:1', args: [], mounts: [], env: [] } },
    replicated: { replicas: 1 },
  });
});

t.test('every Docker flag lands in its field', async (t) => {
  const spec = serviceSpecFromFlags(
    {
      name: 'web',
      replicas: '3',
      env: ['A=1', 'B=2'],
      label: ['tier=front', 'solo'],
      constraint: ['node.labels.zone==east'],
      replicasMaxPerNode: '2',
      publish: ['8080:80', '53:53/udp'],
      mount: ['type=bind,source=/data,target=/srv,readonly'],
      reserveCpu: '0.5',
      reserveMemory: '256M',
      limitCpu: '1.5',
      limitMemory: '1G',
      restartCondition: 'on-failure',
      restartDelay: '1m30s',
      restartMaxAttempts: '4',
      stopGracePeriod: '500ms',
      stopSignal: 'SIGINT',
      healthCmd: 'wget -q localhost',
      healthInterval: '10s',
      healthTimeout: '2s',
      healthRetries: '5',
      healthStartPeriod: '1s',
      workdir: '/srv',
      user: '1000:1000',
      entrypoint: '/bin/sh -c',
    },
    'busybox',
    ['echo', 'hi'],
  );
  t.same(spec.annotations, { name: 'web', labels: { tier: 'front', solo: '' } });
  t.same(spec.replicated, { replicas: 3 });
  t.same(spec.endpoint?.ports, [
    {
      targetPort: 80,
      publishedPort: 8080,
      protocol: PortProtocol.PORT_PROTOCOL_TCP,
      publishMode: PublishMode.PUBLISH_MODE_HOST,
    },
    {
      targetPort: 53,
      publishedPort: 53,
      protocol: PortProtocol.PORT_PROTOCOL_UDP,
      publishMode: PublishMode.PUBLISH_MODE_HOST,
    },
  ]);
  const c = spec.task?.container;
  t.equal(c?.image, 'busybox');
  t.same(c?.args, ['echo', 'hi']);
  t.same(c?.entrypoint, ['/bin/sh', '-c']);
  t.same(c?.env, ['A=1', 'B=2']);
  t.equal(c?.workdir, '/srv');
  t.equal(c?.user, '1000:1000');
  t.equal(c?.stopSignal, 'SIGINT');
  t.same(c?.stopGracePeriod, { seconds: 0, nanos: 500_000_000 });
  t.same(c?.mounts, [{ type: MountType.MOUNT_TYPE_BIND, source: '/data', target: '/srv', readOnly: true }]);
  t.same(c?.healthcheck, {
    test: ['CMD-SHELL', 'wget -q localhost'],
    interval: { seconds: 10, nanos: 0 },
    timeout: { seconds: 2, nanos: 0 },
    startPeriod: { seconds: 1, nanos: 0 },
    retries: 5,
  });
  t.same(spec.task?.resources, {
    limits: { nanoCpus: 1_500_000_000, memoryBytes: 1024 ** 3 },
    reservations: { nanoCpus: 500_000_000, memoryBytes: 256 * 1024 ** 2 },
  });
  t.same(spec.task?.restart, {
    condition: RestartCondition.RESTART_CONDITION_ON_FAILURE,
    delay: { seconds: 90, nanos: 0 },
    maxAttempts: 4,
  });
  t.same(spec.task?.placement, { constraints: ['node.labels.zone==east'], maxReplicasPerNode: 2 });
});

t.test('--runtime process: IMAGE is the program, the rest its arguments', async (t) => {
  const spec = serviceSpecFromFlags({ runtime: 'process', mode: 'global', env: ['X=1'] }, '/bin/sleep', [
    '60',
  ]);
  t.same(spec.task, { process: { command: '/bin/sleep', args: ['60'], env: ['X=1'] } });
  t.same(spec.global, {});
  t.equal(spec.replicated, undefined);
  t.throws(() => serviceSpecFromFlags({ runtime: 'process', mount: ['target=/x'] }, 'p', []), UsageError);
});

t.test('--no-healthcheck disables the image check and conflicts with --health-*', async (t) => {
  t.same(serviceSpecFromFlags({ healthcheck: false }, 'i', []).task?.container?.healthcheck, {
    test: ['NONE'],
  });
  t.throws(
    () => serviceSpecFromFlags({ healthcheck: false, healthCmd: 'true' }, 'i', []),
    /--no-healthcheck conflicts/,
  );
});

t.test('bad values name the flag and what is expected', async (t) => {
  const cases: [Parameters<typeof serviceSpecFromFlags>[0], string][] = [
    [{ replicas: 'three' }, '--replicas'],
    [{ mode: 'daemonset' }, '--mode'],
    [{ runtime: 'vm' }, '--runtime'],
    [{ limitMemory: '1Q' }, '--limit-memory'],
    [{ reserveCpu: 'half' }, '--reserve-cpu'],
    [{ restartDelay: '5' }, '--restart-delay'],
    [{ restartCondition: 'sometimes' }, '--restart-condition'],
    [{ healthInterval: 'soon' }, '--health-interval'],
    [{ healthStartPeriod: 'x' }, '--health-start-period'],
    [{ publish: ['80:99999'] }, '--publish'],
    [{ label: ['=v'] }, '--label'],
  ];
  for (const [flags, flag] of cases) {
    t.throws(() => serviceSpecFromFlags(flags, 'i', []), { name: 'FlagValueError', flag }, flag);
  }
  t.throws(() => serviceSpecFromFlags({ mode: 'global', replicas: '2' }, 'i', []), UsageError);
});

t.test('--publish long syntax; ingress is refused', async (t) => {
  t.same(parsePublish('published=8080,target=80,protocol=udp,mode=host'), {
    targetPort: 80,
    publishedPort: 8080,
    protocol: PortProtocol.PORT_PROTOCOL_UDP,
    publishMode: PublishMode.PUBLISH_MODE_HOST,
  });
  t.equal(parsePublish('80').publishedPort, 0, 'published port chosen by the engine');
  t.throws(() => parsePublish('published=80,target=80,mode=ingress'), /routing mesh/);
  t.throws(() => parsePublish('8080:80/icmp'), FlagValueError);
});

t.test('--mount types, defaults and mistakes', async (t) => {
  t.same(parseMount('source=data,target=/var/lib'), {
    type: MountType.MOUNT_TYPE_VOLUME,
    source: 'data',
    target: '/var/lib',
    readOnly: false,
  });
  t.same(parseMount('type=tmpfs,dst=/tmp,readonly=false'), {
    type: MountType.MOUNT_TYPE_TMPFS,
    source: '',
    target: '/tmp',
    readOnly: false,
  });
  t.throws(() => parseMount('type=nfs,target=/x'), FlagValueError);
  t.throws(() => parseMount('type=bind,source=/x'), /target=/);
  t.throws(() => parseMount('type=bind,target=/x,colour=red'), /not colour/);
  t.throws(() => parseMount('type=bind,target=/x,readonly=maybe'), FlagValueError);
});

t.test('create: --placement-pref, --restart-window, --update-* and --rollback-*', async (t) => {
  const spec = serviceSpecFromFlags(
    {
      placementPref: ['spread=node.labels.az'],
      restartWindow: '2m',
      updateParallelism: '2',
      updateFailureAction: 'rollback',
      updateOrder: 'start-first',
      rollbackMonitor: '10s',
    },
    'i',
    [],
  );
  t.same(spec.task?.placement, {
    constraints: [],
    preferences: [{ spread: { spreadDescriptor: 'node.labels.az' } }],
  });
  t.same(spec.task?.restart, { window: { seconds: 120, nanos: 0 } });
  t.same(spec.updateConfig, { parallelism: 2, failureAction: 2, order: 1 });
  t.same(
    spec.rollbackConfig,
    { parallelism: 1, monitor: { seconds: 10, nanos: 0 } },
    'parallelism 1 kept as the default',
  );
  t.notOk('updateConfig' in serviceSpecFromFlags({}, 'i', []), 'absent without flags: the manager defaults');
  t.throws(() => serviceSpecFromFlags({ placementPref: ['pack=x'] }, 'i', []), {
    name: 'FlagValueError',
    flag: '--placement-pref',
  });
  t.throws(() => serviceSpecFromFlags({ rollbackFailureAction: 'rollback' }, 'i', []), {
    name: 'FlagValueError',
    flag: '--rollback-failure-action',
  });
});
