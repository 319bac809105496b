import { homedir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { composeMounts, composeTmpfs } from '../../../cli/stack/compose-mounts.ts';
import type { StackVolumes } from '../../../cli/stack/compose-stack-volumes.ts';
import { MountType } from '../../../proto/gen/covey/v1/MountType.ts';
import { composeError, composeRoot, composeValue } from './compose-source.ts';

const { MOUNT_TYPE_BIND: BIND, MOUNT_TYPE_VOLUME: VOLUME, MOUNT_TYPE_TMPFS: TMPFS } = MountType;
const volumes: StackVolumes = new Map([
  ['data', { source: 'demo_data', external: false, labels: { 'com.docker.stack.namespace': 'demo' } }],
  ['ext', { source: 'shared', external: true, labels: {} }],
]);
const mounts = (yaml: string) => composeMounts(composeValue(`volumes:\n${yaml}`, 'volumes'), volumes);

t.test('short syntax: named, anonymous, bind (absolute, relative, home), modes', async (t) => {
  const m = mounts(
    '  - data:/var/lib/data\n  - /cache\n  - /etc/app:/etc/app:ro\n  - ./site:/site\n  - ~/conf:/conf:rw\n  - ext:/ext:nocopy\n',
  );
  t.same(
    m.map((x) => [x.type, x.source, x.target, x.readOnly]),
    [
      [VOLUME, 'demo_data', '/var/lib/data', false],
      [VOLUME, '', '/cache', false],
      [BIND, '/etc/app', '/etc/app', true],
      [BIND, '/srv/app/site', '/site', false],
      [BIND, join(homedir(), 'conf'), '/conf', false],
      [VOLUME, 'shared', '/ext', false],
    ],
  );
  t.same(m[0]?.volumeOptions, { noCopy: false, labels: { 'com.docker.stack.namespace': 'demo' } });
  t.same(m[5]?.volumeOptions, { noCopy: true });
});

t.test('long syntax: volume with nocopy, bind read-only, tmpfs with size and mode', async (t) => {
  const m = mounts(
    [
      '  - type: volume',
      '    source: data',
      '    target: /data',
      '    volume: {nocopy: true}',
      '  - type: bind',
      '    source: ../shared',
      '    target: /shared',
      '    read_only: true',
      '  - type: tmpfs',
      '    target: /run',
      '    tmpfs: {size: 1g, mode: 1777}',
      '  - {type: volume, target: /anon}',
      '',
    ].join('\n'),
  );
  t.same(
    m.map((x) => [x.type, x.source, x.target, x.readOnly]),
    [
      [VOLUME, 'demo_data', '/data', false],
      [BIND, '/srv/shared', '/shared', true],
      [TMPFS, '', '/run', false],
      [VOLUME, '', '/anon', false],
    ],
  );
  t.equal(m[0]?.volumeOptions?.noCopy, true);
  t.same(m[2]?.tmpfsOptions, { sizeBytes: 1024 ** 3, mode: 0o1777 });
});

t.test('service tmpfs: a path or a list, with size=', async (t) => {
  const one = composeTmpfs(composeValue('tmpfs: /run\n', 'tmpfs'));
  t.same(
    one.map((m) => [m.type, m.target]),
    [[TMPFS, '/run']],
  );
  const { root, warnings } = composeRoot('tmpfs:\n  - /tmp:size=64m,noexec\n');
  const list = composeTmpfs(root.get('tmpfs')!);
  t.same(list[0]?.tmpfsOptions, { sizeBytes: 64 * 1024 ** 2, mode: 0 });
  t.match(warnings, [{ key: 'tmpfs[0]', message: /tmpfs option "noexec"/ }]);
});

t.test('mistakes fail at the entry', async (t) => {
  const fail = (yaml: string) => composeError(() => mounts(yaml));
  t.match(fail('  - a:b:c:d\n'), { key: 'volumes[0]', line: 2, reason: /expected \[source:\]target\[:ro\]/ });
  t.match(fail('  - data:/d:rx\n').reason, /unknown mode "rx"/);
  t.match(fail('  - logs:/logs\n').reason, /volume "logs" is not declared/);
  t.match(fail('  - data:relative\n').reason, /invalid mount target "relative": must be an absolute path/);
  t.match(fail('  - type: npipe\n    target: /x\n'), {
    key: 'volumes[0].type',
    reason: /use volume, bind or tmpfs/,
  });
  t.match(fail('  - type: bind\n    target: /x\n').reason, /needs a source/);
  t.match(fail('  - type: tmpfs\n    source: x\n    target: /x\n').reason, /a tmpfs mount has no source/);
  t.match(
    fail('  - type: volume\n    target: /x\n    tmpfs: {size: 1m}\n').reason,
    /only applies to type tmpfs/,
  );
  t.match(fail('  - type: volume\n    source: data\n').reason, /needs a target/);
  t.match(fail('  - type: tmpfs\n    target: /x\n    tmpfs: {mode: 999}\n').reason, /octal digits/);
  t.match(fail('  - "/a,b:/c"\n').reason, /comma/);
});
