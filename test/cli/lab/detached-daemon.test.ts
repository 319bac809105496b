// A lab daemon is started in its own session (a Ctrl-C at the shell does not reach it), with its
// output appended to its log file, and recorded by pid and start time.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { readProcStat } from '../../../agent/executors/process/proc-stat.ts';
import { spawnDetachedDaemon } from '../../../cli/lab/detached-daemon.ts';
import { isRunning, signalIfRunning } from '../../../cli/lab/lab-process.ts';
import { waitFor } from '../../../cli/lab/wait-for.ts';
import { tempDir } from './lab-test-kit.ts';

t.test('own session, output in the log, pid and start time', async (t) => {
  const dir = await tempDir(t);
  const log = join(dir, 'daemon.log');
  await writeFile(log, 'earlier run\n');
  const d = await spawnDetachedDaemon(
    ['-c', 'echo to-stdout; echo to-stderr >&2; exec sleep 30'],
    log,
    '/bin/sh',
  );
  t.teardown(() => signalIfRunning(d.ref, 'SIGKILL'));
  t.ok(await isRunning(d.ref));
  const stat = await readProcStat(d.ref.pid);
  t.equal(stat?.session, d.ref.pid, 'leads its own session');
  t.equal(stat?.startTime, d.ref.startTime);
  const text = await waitFor(async () => {
    const s = await readFile(log, 'utf8');
    return s.includes('to-stderr') && s.includes('to-stdout') ? s : undefined;
  }, 'both streams in the log');
  t.match(text, /^earlier run\n/, 'appended, not truncated');
});

t.test('a program that does not exist is an error at once', async (t) => {
  const dir = await tempDir(t);
  await t.rejects(spawnDetachedDaemon([], join(dir, 'daemon.log'), '/nonexistent/covey'), { code: 'ENOENT' });
});
