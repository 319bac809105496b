import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import {
  exitFromFile,
  WRAPPER_SHELL,
  wrapperArgs,
} from '../../../../agent/executors/process/process-wrapper.ts';
import { killGroup, waitFor } from './process-test-kit.ts';

t.test('the wrapper survives the group’s TERM, and records the program’s status atomically', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'covey-wrapper-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const exitPath = join(dir, 'exit');
  const ready = join(dir, 'ready');
  const args = wrapperArgs({
    exitPath,
    mvPath: '/bin/mv',
    trapSignals: ['TERM', 'INT', 'HUP'],
    command: '/bin/sh',
    args: ['-c', `touch ${ready}; sleep 30`],
  });
  const child = spawn(WRAPPER_SHELL, args, { detached: true, stdio: 'ignore' });
  const pid = child.pid ?? 0;
  t.teardown(() => killGroup(pid));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await waitFor(() => readdir(dir).then((names) => names.includes('ready')), 'the program');
  process.kill(-pid, 'SIGTERM');
  t.equal(await exited, 143, 'the wrapper exits with the program’s status');
  t.same(await exitFromFile(exitPath, pid), { exitCode: 143, pid });
  t.same((await readdir(dir)).sort(), ['exit', 'ready'], 'no temporary file left');
});

t.test('no exit file means killed; a malformed one too', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'covey-wrapper-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, 'exit');
  t.same(await exitFromFile(path, 5), { exitCode: 137, message: 'killed', pid: 5 });
  await writeFile(path, '0\n');
  t.same(await exitFromFile(path, 5), { exitCode: 0, pid: 5 });
  await writeFile(path, 'x');
  t.equal((await exitFromFile(path, 5)).exitCode, 137);
});

t.test('trap names are checked before they reach the shell', async (t) => {
  t.throws(() =>
    wrapperArgs({
      exitPath: '/x',
      mvPath: '/bin/mv',
      trapSignals: ['TERM; rm -rf /'],
      command: '/bin/true',
      args: [],
    }),
  );
});
