import t from 'tap';
import {
  patchEnv,
  patchPorts,
  patchServiceSpec,
  type ServiceUpdateFlags,
  specFlagsGiven,
} from '../../../cli/commands/service-update-flags.ts';
import { UsageError } from '../../../cli/usage-error.ts';
import { MountType } from '../../../proto/gen/covey/v1/MountType.ts';
import { PortProtocol } from '../../../proto/gen/covey/v1/PortProtocol.ts';
import { PublishMode } from '../../../proto/gen/covey/v1/PublishMode.ts';
import { RestartCondition } from '../../../proto/gen/covey/v1/RestartCondition.ts';
import type { ServiceSpec__Output } from '../../../proto/gen/covey/v1/ServiceSpec.ts';
import { UpdateFailureAction } from '../../../proto/gen/covey/v1/UpdateFailureAction.ts';
import { UpdateOrder } from '../../../proto/gen/covey/v1/UpdateOrder.ts';

const port = (
  publishedPort: number,
  targetPort: number,
  protocol: number = PortProtocol.PORT_PROTOCOL_TCP,
) => ({
  name: '',
  publishedPort,
  targetPort,
  protocol: protocol as 0,
  publishMode: PublishMode.PUBLISH_MODE_HOST as 0,
});

/** A stored spec as the control API returns it (every field present, defaults filled). */
function current(): ServiceSpec__Output {
  return {
    annotations: { name: 'web', labels: { tier: 'front', team: 'a' } },
    task: {
      container: {
        image: 'nginx:1',
        labels: {},
        entrypoint: [],
        args: ['nginx', '-g', 'daemon off;'],
        hostname: '',
        env: ['A=1', 'B=2', 'A2=x'],
        workdir: '',
        user: '',
        readOnly: false,
        mounts: [
          {
            type: MountType.MOUNT_TYPE_VOLUME,
            source: 'data',
            target: '/data',
            readOnly: false,
            volumeOptions: null,
            tmpfsOptions: null,
          },
        ],
        stopSignal: '',
        stopGracePeriod: null,
        healthcheck: null,
      },
      runtime: 'container',
      resources: { limits: { nanoCpus: 1e9, memoryBytes: 0 }, reservations: null },
      restart: null,
      placement: {
        constraints: ['node.labels.zone==east', 'node.role==worker'],
        preferences: [],
        maxReplicasPerNode: 0,
      },
      forceUpdate: 0,
    },
    replicated: { replicas: 3 },
    mode: 'replicated',
    updateConfig: null,
    rollbackConfig: null,
    endpoint: { ports: [port(8080, 80), port(53, 53, PortProtocol.PORT_PROTOCOL_UDP), port(5353, 53)] },
  };
}

const patch = (flags: ServiceUpdateFlags) => patchServiceSpec(current(), flags);

t.test('no flags: the same spec, and the input is not touched', async (t) => {
  const before = current();
  const spec = patchServiceSpec(before, {});
  t.same(spec, current());
  t.not(spec, before, 'a copy');
  patchServiceSpec(before, { envAdd: ['C=3'], labelRm: ['tier'], replicas: '9' });
  t.same(before, current(), 'pure: the current spec is unchanged');
});

t.test('--env-add replaces in place or appends; --env-rm removes (absent: nothing)', async (t) => {
  t.same(patch({ envAdd: ['B=20', 'C=3'] }).task?.container?.env, ['A=1', 'B=20', 'A2=x', 'C=3']);
  t.same(patch({ envRm: ['A'] }).task?.container?.env, ['B=2', 'A2=x'], 'by exact name, not prefix');
  t.same(patch({ envRm: ['NOPE'] }).task?.container?.env, ['A=1', 'B=2', 'A2=x'], 'absent variable');
  t.same(
    patch({ envRm: ['B'], envAdd: ['B=3'] }).task?.container?.env,
    ['A=1', 'A2=x', 'B=3'],
    'rm before add',
  );
  t.same(patch({ env: ['D=4'] }).task?.container?.env, ['A=1', 'B=2', 'A2=x', 'D=4'], '-e is --env-add');
  t.throws(() => patch({ envAdd: ['NOVALUE'] }), { name: 'FlagValueError', flag: '--env-add' });
  t.same(patchEnv(['X=1', 'X=2'], ['X=whatever'], []), [], 'every entry of the name; the value is ignored');
});

t.test('--label-add / --label-rm change the service labels', async (t) => {
  const spec = patch({ labelRm: ['team', 'absent'], labelAdd: ['tier=back', 'new'] });
  t.same(spec.annotations, { name: 'web', labels: { tier: 'back', new: '' } });
  t.same(patch({ label: ['x=1'] }).annotations?.labels, { tier: 'front', team: 'a', x: '1' });
});

t.test('--constraint-add / --constraint-rm', async (t) => {
  t.same(
    patch({ constraintRm: ['node.labels.zone == east'] }).task?.placement?.constraints,
    ['node.role==worker'],
    'matched ignoring blanks',
  );
  t.same(
    patch({ constraintAdd: ['node.hostname!=w1', 'node.role==worker'] }).task?.placement?.constraints,
    ['node.labels.zone==east', 'node.role==worker', 'node.hostname!=w1'],
    'no duplicate',
  );
  t.same(patch({ placementPrefAdd: ['spread=node.labels.az'] }).task?.placement?.preferences, [
    { spread: { spreadDescriptor: 'node.labels.az' } },
  ]);
  t.equal(patch({ replicasMaxPerNode: '2' }).task?.placement?.maxReplicasPerNode, 2);
});

t.test('--publish-rm by target port; --publish-add adds or replaces', async (t) => {
  t.same(patch({ publishRm: ['80'] }).endpoint?.ports, [port(53, 53, 1), port(5353, 53)]);
  t.same(patch({ publishRm: ['53'] }).endpoint?.ports, [port(8080, 80)], 'any protocol when none is named');
  t.same(patch({ publishRm: ['53/udp'] }).endpoint?.ports, [port(8080, 80), port(5353, 53)]);
  t.same(
    patch({ publishRm: ['9090:80'] }).endpoint?.ports,
    [port(53, 53, 1), port(5353, 53)],
    'full form: by target',
  );
  t.same(
    patch({ publishAdd: ['8080:81'] }).endpoint?.ports,
    [port(53, 53, 1), port(5353, 53), port(8080, 81)],
    'same node port replaced',
  );
  t.same(patch({ publishRm: ['80', '53'], publishAdd: ['443:443'] }).endpoint?.ports, [port(443, 443)]);
  t.throws(() => patch({ publishRm: ['http'] }), { name: 'FlagValueError', flag: '--publish-rm' });
  t.same(patchPorts([], [], ['7000']), [port(0, 7000)]);
});

t.test('--mount-add / --mount-rm by target', async (t) => {
  t.same(patch({ mountRm: ['/data/'] }).task?.container?.mounts, []);
  const mounts = patch({ mountAdd: ['type=tmpfs,target=/data', 'type=bind,source=/x,target=/y'] }).task
    ?.container?.mounts;
  t.same(mounts, [
    { type: MountType.MOUNT_TYPE_TMPFS, source: '', target: '/data', readOnly: false },
    { type: MountType.MOUNT_TYPE_BIND, source: '/x', target: '/y', readOnly: false },
  ]);
});

t.test('--image, --args, --force, --replicas', async (t) => {
  const spec = patch({
    image: 'nginx:2',
    args: `sh -c 'echo "a b"' "x\\"y" z\\ w`,
    force: true,
    replicas: '5',
  });
  t.equal(spec.task?.container?.image, 'nginx:2');
  t.same(
    spec.task?.container?.args,
    ['sh', '-c', 'echo "a b"', 'x"y', 'z w'],
    '--args replaces, shell-quoted',
  );
  t.equal(spec.task?.forceUpdate, 1, '--force bumps force_update');
  t.equal(
    patchServiceSpec({ ...current(), task: { ...current().task!, forceUpdate: 4 } }, { force: true }).task
      ?.forceUpdate,
    5,
  );
  t.same(spec.replicated, { replicas: 5 });
  t.same(patch({ args: '' }).task?.container?.args, [], 'empty: the image CMD');
  t.throws(() => patch({ args: 'sh "oops' }), {
    name: 'FlagValueError',
    message: 'invalid value "sh \\"oops" for --args: expected a closing "',
  });
  t.throws(() => patch({ args: 'a\\' }), {
    name: 'FlagValueError',
    message: 'invalid value "a\\\\" for --args: expected no trailing backslash',
  });
  t.throws(
    () => patchServiceSpec({ ...current(), replicated: null, global: {}, mode: 'global' }, { replicas: '2' }),
    UsageError,
  );
});

t.test('process runtime: --image is the program; container-only flags are refused', async (t) => {
  const proc: ServiceSpec__Output = {
    ...current(),
    task: {
      process: {
        command: '/bin/sleep',
        args: ['60'],
        env: [],
        workdir: '',
        user: '',
        stopSignal: '',
        stopGracePeriod: null,
        healthcheck: {
          test: ['CMD', 'true'],
          interval: null,
          timeout: null,
          retries: 0,
          startPeriod: null,
          startInterval: null,
        },
      },
      runtime: 'process',
      resources: null,
      restart: null,
      placement: null,
      forceUpdate: 0,
    },
  };
  const spec = patchServiceSpec(proc, { image: '/bin/busybox', args: 'sleep 5', envAdd: ['A=1'] });
  t.same(spec.task?.process?.command, '/bin/busybox');
  t.same(spec.task?.process?.args, ['sleep', '5']);
  t.same(spec.task?.process?.env, ['A=1']);
  t.equal(spec.task?.container, undefined);
  t.throws(() => patchServiceSpec(proc, { mountAdd: ['type=tmpfs,target=/t'] }), /only for containers/);
  t.throws(() => patchServiceSpec(proc, { entrypoint: 'x' }), /only for containers/);
  t.equal(
    patchServiceSpec(proc, { healthcheck: false }).task?.process?.healthcheck,
    null,
    '--no-healthcheck removes a process check',
  );
});

t.test('--runtime switches and carries what both runtimes share', async (t) => {
  const noMounts = patchServiceSpec(current(), { mountRm: ['/data'] });
  t.throws(() => patch({ runtime: 'process', image: '/bin/sh' }), /mounts/);
  t.throws(() => patchServiceSpec(noMounts as ServiceSpec__Output, { runtime: 'process' }), /needs --image/);
  const spec = patchServiceSpec(noMounts as ServiceSpec__Output, { runtime: 'process', image: '/bin/sh' });
  t.same(spec.task?.process?.command, '/bin/sh');
  t.same(spec.task?.process?.env, ['A=1', 'B=2', 'A2=x']);
  t.equal(spec.task?.container, undefined);
  t.equal(spec.task?.runtime, 'process');
});

t.test(
  '--update-* and --rollback-* fill UpdateConfig; an absent config starts from parallelism 1',
  async (t) => {
    const spec = patch({
      updateDelay: '10s',
      updateFailureAction: 'rollback',
      updateMonitor: '1m30s',
      updateMaxFailureRatio: '0.25',
      updateOrder: 'start-first',
      rollbackParallelism: '0',
      rollbackFailureAction: 'continue',
    });
    t.same(spec.updateConfig, {
      parallelism: 1,
      delay: { seconds: 10, nanos: 0 },
      failureAction: UpdateFailureAction.UPDATE_FAILURE_ACTION_ROLLBACK,
      monitor: { seconds: 90, nanos: 0 },
      maxFailureRatio: 0.25,
      order: UpdateOrder.UPDATE_ORDER_START_FIRST,
    });
    t.same(spec.rollbackConfig, {
      parallelism: 0,
      failureAction: UpdateFailureAction.UPDATE_FAILURE_ACTION_CONTINUE,
    });
    const existing = {
      parallelism: 4,
      delay: { seconds: 2, nanos: 0 },
      failureAction: 1 as const,
      monitor: null,
      maxFailureRatio: 0.5,
      order: 0 as const,
    };
    t.same(
      patchServiceSpec(
        { ...current(), updateConfig: existing },
        { updateParallelism: '2', updateMonitor: '500ms' },
      ).updateConfig,
      { ...existing, parallelism: 2, monitor: { seconds: 0, nanos: 500_000_000 } },
      'merged onto the current config',
    );
    t.equal(patch({}).updateConfig, null, 'untouched without flags');
    for (const [flags, flag] of [
      [{ updateFailureAction: 'explode' }, '--update-failure-action'],
      [{ rollbackFailureAction: 'rollback' }, '--rollback-failure-action'],
      [{ updateMaxFailureRatio: '1.5' }, '--update-max-failure-ratio'],
      [{ updateMaxFailureRatio: 'half' }, '--update-max-failure-ratio'],
      [{ updateOrder: 'random' }, '--update-order'],
      [{ updateDelay: '10' }, '--update-delay'],
      [{ rollbackMonitor: 'soon' }, '--rollback-monitor'],
      [{ updateParallelism: '-1' }, '--update-parallelism'],
    ] as [ServiceUpdateFlags, string][]) {
      t.throws(() => patch(flags), { name: 'FlagValueError', flag }, flag);
    }
  },
);

t.test('durations, resources, restart and health merge onto what is there', async (t) => {
  const spec = patch({
    stopGracePeriod: '1m',
    limitMemory: '512M',
    restartDelay: '3s',
    restartWindow: '2m',
    healthCmd: 'true',
    healthInterval: '250ms',
    workdir: '/srv',
    user: 'nobody',
  });
  const c = spec.task?.container;
  t.same(c?.stopGracePeriod, { seconds: 60, nanos: 0 });
  t.same(spec.task?.resources, { limits: { nanoCpus: 1e9, memoryBytes: 512 * 1024 ** 2 } }, 'cpu limit kept');
  t.same(spec.task?.restart, { delay: { seconds: 3, nanos: 0 }, window: { seconds: 120, nanos: 0 } });
  t.same(c?.healthcheck, { test: ['CMD-SHELL', 'true'], interval: { seconds: 0, nanos: 250_000_000 } });
  t.equal(c?.workdir, '/srv');
  t.equal(c?.user, 'nobody');
  t.same(patch({ limitCpu: '0' }).task?.resources?.limits, { nanoCpus: 0, memoryBytes: 0 }, '0 clears');
  t.same(patch({ restartCondition: 'none' }).task?.restart, {
    condition: RestartCondition.RESTART_CONDITION_NONE,
  });
  t.same(patch({ healthcheck: false }).task?.container?.healthcheck, { test: ['NONE'] });
});

t.test('specFlagsGiven names what --rollback cannot go with', async (t) => {
  t.same(specFlagsGiven({ rollback: true, detach: true, quiet: true, timeout: '1m', healthcheck: true }), []);
  t.same(specFlagsGiven({ rollback: true, envAdd: ['A=1'], healthcheck: false }), [
    '--env-add',
    '--healthcheck',
  ]);
});
