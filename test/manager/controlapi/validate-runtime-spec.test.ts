// Container and process validation: image reference, env, mounts, user, signal and healthcheck
// rules, each failing with its exact field path.
import t from 'tap';
import { imageReferenceProblem, isKnownSignal } from '../../../manager/controlapi/validate-runtime-spec.ts';
import { serviceSpecProblems } from '../../../manager/controlapi/validate-service-spec.ts';
import type { ContainerSpec } from '../../../proto/gen/covey/v1/ContainerSpec.ts';
import { MountType } from '../../../proto/gen/covey/v1/MountType.ts';
import type { ProcessSpec } from '../../../proto/gen/covey/v1/ProcessSpec.ts';
import type { ServiceSpec } from '../../../proto/gen/covey/v1/ServiceSpec.ts';
import { assertOneProblem, validServiceSpec } from './fixtures.ts';

function container(s: ServiceSpec): ContainerSpec {
  const c = s.task?.container;
  if (!c) throw new Error('fixture has no container');
  return c;
}

interface Case<S> {
  name: string;
  mutate: (c: S) => void;
  field: string;
  reason: RegExp;
}

const C = 'spec.task.container';
const containerCases: Case<ContainerSpec>[] = [
  { name: 'image required', mutate: (c) => (c.image = ''), field: `${C}.image`, reason: /^required$/ },
  {
    name: 'image with spaces',
    mutate: (c) => (c.image = 'busy box'),
    field: `${C}.image`,
    reason: /is not a valid image reference/,
  },
  {
    name: 'image with upper case repository',
    mutate: (c) => (c.image = 'BusyBox:1.36'),
    field: `${C}.image`,
    reason: /repository name must be lowercase/,
  },
  {
    name: 'image with a bad digest',
    mutate: (c) => (c.image = 'app@sha256:xyz'),
    field: `${C}.image`,
    reason: /not a valid image reference/,
  },
  {
    name: 'image longer than 512 bytes',
    mutate: (c) => (c.image = `a/${'b'.repeat(511)}`),
    field: `${C}.image`,
    reason: /at most 512 B, got 513 B/,
  },
  {
    name: 'env without =',
    mutate: (c) => (c.env = ['A=1', 'JUSTNAME']),
    field: `${C}.env[1]`,
    reason: /"JUSTNAME" must be NAME=VALUE/,
  },
  {
    name: 'env with empty name',
    mutate: (c) => (c.env = ['=value']),
    field: `${C}.env[0]`,
    reason: /must be NAME=VALUE/,
  },
  {
    name: 'env entry larger than 32 KiB',
    mutate: (c) => (c.env = [`A=${'x'.repeat(32 * 1024)}`]),
    field: `${C}.env[0]`,
    reason: /at most 32 KiB/,
  },
  {
    name: 'too many env entries',
    mutate: (c) => (c.env = Array.from({ length: 1025 }, (_, i) => `K${i}=v`)),
    field: `${C}.env`,
    reason: /at most 1024 items, got 1025/,
  },
  {
    name: 'too many args',
    mutate: (c) => (c.args = Array.from({ length: 1025 }, () => 'x')),
    field: `${C}.args`,
    reason: /at most 1024 items/,
  },
  {
    name: 'entrypoint with NUL',
    mutate: (c) => (c.entrypoint = ['/bin/sh\0']),
    field: `${C}.entrypoint[0]`,
    reason: /NUL/,
  },
  {
    name: 'container labels bounded like annotations',
    mutate: (c) => (c.labels = { k: 'v'.repeat(5000) }),
    field: `${C}.labels["k"]`,
    reason: /at most 4 KiB/,
  },
  {
    name: 'hostname invalid',
    mutate: (c) => (c.hostname = 'web_1!'),
    field: `${C}.hostname`,
    reason: /not a valid hostname/,
  },
  {
    name: 'workdir relative',
    mutate: (c) => (c.workdir = 'srv'),
    field: `${C}.workdir`,
    reason: /must be an absolute path/,
  },
  {
    name: 'user malformed',
    mutate: (c) => (c.user = 'a:b:c'),
    field: `${C}.user`,
    reason: /user, user:group, uid or uid:gid/,
  },
  {
    name: 'stop signal unknown',
    mutate: (c) => (c.stopSignal = 'SIGFOO'),
    field: `${C}.stopSignal`,
    reason: /unknown signal "SIGFOO"/,
  },
  {
    name: 'stop grace negative',
    mutate: (c) => (c.stopGracePeriod = { seconds: -1, nanos: 0 }),
    field: `${C}.stopGracePeriod`,
    reason: /must be ≥ 0s, got -1s/,
  },
  {
    name: 'bind mount needs a source',
    mutate: (c) => (c.mounts = [{ type: MountType.MOUNT_TYPE_BIND, target: '/data' }]),
    field: `${C}.mounts[0].source`,
    reason: /required for a bind mount/,
  },
  {
    name: 'bind mount source relative',
    mutate: (c) => (c.mounts = [{ type: MountType.MOUNT_TYPE_BIND, source: 'data', target: '/data' }]),
    field: `${C}.mounts[0].source`,
    reason: /must be an absolute host path/,
  },
  {
    name: 'mount target required',
    mutate: (c) => (c.mounts = [{ type: MountType.MOUNT_TYPE_VOLUME, source: 'v' }]),
    field: `${C}.mounts[0].target`,
    reason: /^required$/,
  },
  {
    name: 'mount target relative',
    mutate: (c) => (c.mounts = [{ type: MountType.MOUNT_TYPE_VOLUME, source: 'v', target: 'data' }]),
    field: `${C}.mounts[0].target`,
    reason: /must be an absolute path/,
  },
  {
    name: 'mount over /',
    mutate: (c) => (c.mounts = [{ type: MountType.MOUNT_TYPE_TMPFS, target: '/' }]),
    field: `${C}.mounts[0].target`,
    reason: /container root/,
  },
  {
    name: 'volume name invalid',
    mutate: (c) => (c.mounts = [{ type: MountType.MOUNT_TYPE_VOLUME, source: '/abs', target: '/d' }]),
    field: `${C}.mounts[0].source`,
    reason: /volume name "\/abs"/,
  },
  {
    name: 'tmpfs with a source',
    mutate: (c) => (c.mounts = [{ type: MountType.MOUNT_TYPE_TMPFS, source: 'x', target: '/t' }]),
    field: `${C}.mounts[0].source`,
    reason: /must be empty for a tmpfs mount/,
  },
  {
    name: 'mount type unknown',
    mutate: (c) => (c.mounts = [{ type: 5 as MountType & number, target: '/t' }]),
    field: `${C}.mounts[0].type`,
    reason: /unknown value 5/,
  },
  {
    name: 'volume options on a bind',
    mutate: (c) =>
      (c.mounts = [
        { type: MountType.MOUNT_TYPE_BIND, source: '/a', target: '/b', volumeOptions: { noCopy: true } },
      ]),
    field: `${C}.mounts[0].volumeOptions`,
    reason: /only allowed with type MOUNT_TYPE_VOLUME/,
  },
  {
    name: 'tmpfs mode out of range',
    mutate: (c) =>
      (c.mounts = [{ type: MountType.MOUNT_TYPE_TMPFS, target: '/t', tmpfsOptions: { mode: 0o17777 } }]),
    field: `${C}.mounts[0].tmpfsOptions.mode`,
    reason: /must be ≤ 4095/,
  },
  {
    name: 'tmpfs size negative',
    mutate: (c) =>
      (c.mounts = [{ type: MountType.MOUNT_TYPE_TMPFS, target: '/t', tmpfsOptions: { sizeBytes: -1 } }]),
    field: `${C}.mounts[0].tmpfsOptions.sizeBytes`,
    reason: /must be ≥ 0/,
  },
  {
    name: 'duplicate mount target',
    mutate: (c) =>
      (c.mounts = [
        { type: MountType.MOUNT_TYPE_TMPFS, target: '/t' },
        { type: MountType.MOUNT_TYPE_VOLUME, target: '/t/' },
      ]),
    field: `${C}.mounts[1].target`,
    reason: /"\/t" is already the target of spec\.task\.container\.mounts\[0\]/,
  },
  {
    name: 'too many mounts',
    mutate: (c) =>
      (c.mounts = Array.from({ length: 65 }, (_, i) => ({
        type: MountType.MOUNT_TYPE_TMPFS,
        target: `/t${i}`,
      }))),
    field: `${C}.mounts`,
    reason: /at most 64 items, got 65/,
  },
  {
    name: 'healthcheck interval below 1ms',
    mutate: (c) => (c.healthcheck = { test: ['CMD', 'true'], interval: { seconds: 0, nanos: 500_000 } }),
    field: `${C}.healthcheck.interval`,
    reason: /must be ≥ 1ms, got 500000ns/,
  },
  {
    name: 'healthcheck timeout zero',
    mutate: (c) => (c.healthcheck = { test: ['CMD', 'true'], timeout: { seconds: 0, nanos: 0 } }),
    field: `${C}.healthcheck.timeout`,
    reason: /must be ≥ 1ms, got 0s/,
  },
  {
    name: 'healthcheck start interval zero',
    mutate: (c) => (c.healthcheck = { test: ['CMD', 'true'], startInterval: { seconds: 0, nanos: 0 } }),
    field: `${C}.healthcheck.startInterval`,
    reason: /must be ≥ 1ms/,
  },
  {
    name: 'healthcheck start period negative',
    mutate: (c) => (c.healthcheck = { test: ['CMD', 'true'], startPeriod: { seconds: -1, nanos: 0 } }),
    field: `${C}.healthcheck.startPeriod`,
    reason: /must be ≥ 0s/,
  },
  {
    name: 'healthcheck retries negative',
    mutate: (c) => (c.healthcheck = { test: ['CMD', 'true'], retries: -1 }),
    field: `${C}.healthcheck.retries`,
    reason: /must be ≥ 0/,
  },
  {
    name: 'healthcheck test kind unknown',
    mutate: (c) => (c.healthcheck = { test: ['RUN', 'true'] }),
    field: `${C}.healthcheck.test[0]`,
    reason: /"RUN" must be NONE, CMD or CMD-SHELL/,
  },
  {
    name: 'healthcheck CMD without command',
    mutate: (c) => (c.healthcheck = { test: ['CMD'] }),
    field: `${C}.healthcheck.test`,
    reason: /needs a command/,
  },
  {
    name: 'healthcheck CMD-SHELL with two strings',
    mutate: (c) => (c.healthcheck = { test: ['CMD-SHELL', 'a', 'b'] }),
    field: `${C}.healthcheck.test`,
    reason: /exactly one command string/,
  },
  {
    name: 'healthcheck NONE with arguments',
    mutate: (c) => (c.healthcheck = { test: ['NONE', 'x'] }),
    field: `${C}.healthcheck.test`,
    reason: /takes no arguments/,
  },
];

for (const c of containerCases) {
  t.test(`container: ${c.name}`, async (t) => {
    const spec = validServiceSpec();
    c.mutate(container(spec));
    assertOneProblem(t, serviceSpecProblems(spec), c.field, c.reason);
  });
}

const P = 'spec.task.process';
const processCases: Case<ProcessSpec>[] = [
  { name: 'command required', mutate: (p) => (p.command = ' '), field: `${P}.command`, reason: /^required/ },
  {
    name: 'command larger than 4 KiB',
    mutate: (p) => (p.command = `/${'x'.repeat(4096)}`),
    field: `${P}.command`,
    reason: /at most 4 KiB/,
  },
  {
    name: 'env malformed',
    mutate: (p) => (p.env = ['NO EQUALS']),
    field: `${P}.env[0]`,
    reason: /NAME=VALUE/,
  },
  {
    name: 'workdir relative',
    mutate: (p) => (p.workdir = 'site'),
    field: `${P}.workdir`,
    reason: /absolute/,
  },
  {
    name: 'stop grace negative',
    mutate: (p) => (p.stopGracePeriod = { seconds: 0, nanos: -1 }),
    field: `${P}.stopGracePeriod`,
    reason: /must be ≥ 0s/,
  },
  {
    name: 'healthcheck must run a command (nothing to inherit)',
    mutate: (p) => (p.healthcheck = { test: [] }),
    field: `${P}.healthcheck.test`,
    reason: /required for a process task/,
  },
  {
    name: 'healthcheck NONE is meaningless',
    mutate: (p) => (p.healthcheck = { test: ['NONE'] }),
    field: `${P}.healthcheck.test`,
    reason: /omit healthcheck/,
  },
];

for (const c of processCases) {
  t.test(`process: ${c.name}`, async (t) => {
    const spec = validServiceSpec();
    const process: ProcessSpec = { command: '/usr/bin/python3', args: ['-m', 'http.server'] };
    spec.task = { process };
    delete spec.endpoint;
    t.same(serviceSpecProblems(spec), [], 'valid before the change');
    c.mutate(process);
    assertOneProblem(t, serviceSpecProblems(spec), c.field, c.reason);
  });
}

t.test('image references Docker accepts pass', async (t) => {
  for (const image of [
    'busybox',
    'busybox:1.36',
    'library/busybox:latest',
    'registry.example.com:5000/team/app:v1.2.3-rc.1',
    'localhost:5000/app',
    `app@sha256:${'a'.repeat(64)}`,
    `ghcr.io/org/app:1@sha256:${'0'.repeat(64)}`,
    '[::1]:5000/app:dev',
    'my_app__x--y.z',
  ]) {
    t.equal(imageReferenceProblem(image), undefined, image);
  }
  for (const image of ['app:', ':tag', 'app//x', '-app', 'app:tag with space', 'UPPER']) {
    t.not(imageReferenceProblem(image), undefined, image);
  }
});

t.test('signals as Docker parses them', async (t) => {
  for (const s of ['SIGTERM', 'term', 'SIGKILL', '15', 'SIGRTMIN+3', 'SIGUSR1']) t.ok(isKnownSignal(s), s);
  for (const s of ['0', '65', 'SIGNOPE', 'SIGRTMIN+99', 'TERM!']) t.notOk(isKnownSignal(s), s);
});

t.test('healthcheck [] inherits the image check; NONE disables it', async (t) => {
  const spec = validServiceSpec();
  container(spec).healthcheck = { test: [] };
  t.same(serviceSpecProblems(spec), []);
  container(spec).healthcheck = { test: ['NONE'] };
  t.same(serviceSpecProblems(spec), []);
});

t.test('a bind mount with an absolute source, read-only, passes', async (t) => {
  const spec = validServiceSpec();
  container(spec).mounts = [
    { type: MountType.MOUNT_TYPE_BIND, source: '/srv/data', target: '/data', readOnly: true },
  ];
  t.same(serviceSpecProblems(spec), []);
});
