// A recorded daemon is named by pid and start time: the same pid with another start time (a reused
// pid) is not it, is never signalled, and a process that exited does not run.
import t from 'tap';
import { isRunning, processRef, signalIfRunning } from '../../../cli/lab/lab-process.ts';
import { spawnSleeper } from './lab-test-kit.ts';

t.test('a running process runs until it exits', async (t) => {
  const s = await spawnSleeper(t);
  t.type(s.ref.startTime, 'number');
  t.ok(await isRunning(s.ref));
  t.ok(await signalIfRunning(s.ref, 'SIGKILL'), 'signalled');
  await s.exited;
  t.notOk(await isRunning(s.ref), 'gone once exited');
  t.notOk(await signalIfRunning(s.ref, 'SIGKILL'), 'nothing to signal');
});

t.test('the same pid with another start time is another process: not signalled', async (t) => {
  const s = await spawnSleeper(t);
  const reused = { pid: s.ref.pid, startTime: (s.ref.startTime ?? 0) + 1 };
  t.notOk(await isRunning(reused));
  t.notOk(await signalIfRunning(reused, 'SIGKILL'));
  t.ok(await isRunning(s.ref), 'the real process was left alone');
});

t.test('an unknown start time never counts as running; this process does', async (t) => {
  t.notOk(await isRunning({ pid: process.pid, startTime: null }));
  t.ok(await isRunning(await processRef()));
});
