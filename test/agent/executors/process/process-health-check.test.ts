import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { parseHealthTest, runHealthCheck } from '../../../../agent/executors/process/process-health-check.ts';
import { running, waitFor } from './process-test-kit.ts';

const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };

t.test('tests are read as Docker reads them', async (t) => {
  t.same(parseHealthTest([]), { kind: 'none' });
  t.same(parseHealthTest(['NONE']), { kind: 'none' });
  t.same(parseHealthTest(['CMD', 'test', '-e', '/x']), { kind: 'run', argv: ['test', '-e', '/x'] });
  t.same(parseHealthTest(['CMD-SHELL', 'a', 'b']), { kind: 'run', argv: ['/bin/sh', '-c', 'a b'] });
  t.equal(parseHealthTest(['CMD']).kind, 'invalid');
  t.equal(parseHealthTest(['CMD-SHELL', ' ']).kind, 'invalid');
  t.equal(parseHealthTest(['HTTP', '/']).kind, 'invalid');
});

t.test('a check passes on exit 0, fails otherwise, with its output', async (t) => {
  const never = new AbortController().signal;
  t.same(await runHealthCheck(['/bin/sh', '-c', 'echo fine'], { env, cwd: '/' }, never), {
    ok: true,
    output: 'fine',
  });
  t.same(await runHealthCheck(['/bin/sh', '-c', 'echo bad >&2; exit 2'], { env, cwd: '/' }, never), {
    ok: false,
    output: 'bad',
  });
  const missing = await runHealthCheck(['covey-no-such-check'], { env, cwd: '/' }, never);
  t.equal(missing.ok, false);
  t.match(missing.output, 'ENOENT');
  const long = await runHealthCheck(
    ['/bin/sh', '-c', 'head -c 10000 /dev/zero | tr "\\0" x'],
    { env, cwd: '/' },
    never,
  );
  t.equal(long.output.length, 4096, 'output is capped as in Docker');
});

t.test('aborting kills the check and its children', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'covey-check-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const pidFile = join(dir, 'pid');
  const abort = new AbortController();
  const result = runHealthCheck(
    ['/bin/sh', '-c', `sleep 30 & echo $! > ${pidFile}; wait`],
    { env, cwd: '/' },
    abort.signal,
  );
  await waitFor(async () => (await readFile(pidFile, 'utf8').catch(() => '')).endsWith('\n'), 'the check');
  const child = Number((await readFile(pidFile, 'utf8')).trim());
  abort.abort();
  t.equal((await result).ok, false);
  await waitFor(async () => !(await running(child)), 'the check’s child to die');
});
