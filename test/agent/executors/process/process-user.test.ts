import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { UnknownUserError } from '../../../../agent/executors/process/process-errors.ts';
import {
  firstUnsearchable,
  lookupUser,
  parseGroup,
  parsePasswd,
  resolveUser,
} from '../../../../agent/executors/process/process-user.ts';

const passwd = parsePasswd(
  [
    'root:x:0:0:root:/root:/bin/bash',
    '# a comment',
    'web:x:1001:1002:Web:/srv/web:/bin/sh',
    'broken:x:notanumber:1:x:/:/bin/sh',
    '',
  ].join('\n'),
);
const groups = parseGroup(['root:x:0:', 'web:x:1002:', 'staff:x:50:web', 'bad:x:'].join('\n'));

t.test('passwd and group files are parsed; malformed lines skipped', async (t) => {
  t.same(
    passwd.map((e) => e.name),
    ['root', 'web'],
  );
  t.same(groups, [
    { name: 'root', gid: 0 },
    { name: 'web', gid: 1002 },
    { name: 'staff', gid: 50 },
  ]);
});

t.test('user specs resolve as Docker resolves them', async (t) => {
  t.same(resolveUser('web', passwd, groups), { uid: 1001, gid: 1002, home: '/srv/web' });
  t.same(resolveUser('web:staff', passwd, groups), { uid: 1001, gid: 50, home: '/srv/web' });
  t.same(resolveUser('1001', passwd, groups), { uid: 1001, gid: 1002, home: '/srv/web' });
  t.same(resolveUser('4000', passwd, groups), { uid: 4000, gid: 0, home: '/' }, 'an unknown uid is allowed');
  t.same(resolveUser('4000:77', passwd, groups), { uid: 4000, gid: 77, home: '/' });
  t.throws(() => resolveUser('nobody-here', passwd, groups), UnknownUserError);
  t.throws(() => resolveUser('web:nogroup', passwd, groups), { message: /no group nogroup/ });
  t.throws(() => resolveUser('web:', passwd, groups), UnknownUserError);
  t.throws(() => resolveUser('a:b:c', passwd, groups), UnknownUserError);
});

t.test('this host’s root resolves through /etc/passwd', async (t) => {
  t.same(await lookupUser('root'), { uid: 0, gid: 0, home: '/root' });
});

t.test('firstUnsearchable finds the directory a user cannot pass', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'covey-search-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const inner = join(dir, 'a', 'b');
  await mkdir(inner, { recursive: true });
  await chmod(dir, 0o755);
  await chmod(join(dir, 'a'), 0o700);
  const nobody = { uid: 65534, gid: 65534, home: '/' };
  t.equal(await firstUnsearchable(inner, nobody), join(dir, 'a'));
  t.equal(await firstUnsearchable(inner, { uid: 0, gid: 0, home: '/' }), null, 'root passes anywhere');
  await chmod(join(dir, 'a'), 0o711);
  t.equal(await firstUnsearchable(inner, nobody), null);
});
