// Stopping a lab's daemons: SIGTERM, SIGKILL for one that ignores it after the grace, and nothing
// for a recorded process that is gone or whose pid now belongs to another program.
import t from 'tap';
import { isRunning } from '../../../cli/lab/lab-process.ts';
import { stopLabDaemons } from '../../../cli/lab/lab-stop.ts';
import { nodeRecord, spawnSleeper } from './lab-test-kit.ts';

t.test('SIGTERM first, SIGKILL after the grace, the gone left alone', async (t) => {
  const polite = await spawnSleeper(t);
  const stubborn = await spawnSleeper(t, { ignoreTerm: true });
  const bystander = await spawnSleeper(t);
  const dir = '/lab';
  const started = Date.now();
  const out = await stopLabDaemons(
    [
      nodeRecord(dir, 'm1', { process: polite.ref }),
      nodeRecord(dir, 'm2', { process: stubborn.ref }),
      nodeRecord(dir, 'w1', {
        process: { pid: bystander.ref.pid, startTime: (bystander.ref.startTime ?? 0) + 7 },
      }),
      nodeRecord(dir, 'w2'),
    ],
    300,
  );
  t.same(out, { stopped: ['m1'], killed: ['m2'], gone: ['w1', 'w2'], stuck: [] });
  t.ok(Date.now() - started >= 300, 'the stubborn one had its grace');
  await polite.exited;
  t.equal(polite.child.signalCode, 'SIGTERM');
  await stubborn.exited;
  t.equal(stubborn.child.signalCode, 'SIGKILL');
  t.ok(await isRunning(bystander.ref), 'a reused pid is not signalled');
});
