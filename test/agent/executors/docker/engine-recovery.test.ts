// Waiting for the engine with backoff on a fake clock: no ping before the first delay, growing delays,
// done at the first answer, abortable.
import t from 'tap';
import { untilEngineAnswers } from '../../../../agent/executors/docker/engine-recovery.ts';
import { FakeClock, settle } from '../../fake-clock.ts';

t.test('pings with growing delays until the engine answers', async (t) => {
  const clock = new FakeClock();
  const pings: number[] = [];
  let answering = false;
  const failures: number[] = [];
  let done = false;
  void untilEngineAnswers({
    clock,
    signal: new AbortController().signal,
    backoff: { initialMs: 100, maxMs: 400 },
    random: () => 0.999,
    ping: async () => {
      pings.push(clock.now());
      if (!answering) throw new Error('connect ENOENT');
    },
    onFailedPing: (attempt) => failures.push(attempt),
  }).then(() => {
    done = true;
  });
  const start = clock.now();
  await clock.advance(99);
  t.same(pings, [], 'no ping before the first delay');
  await clock.advance(1);
  t.same(
    pings.map((p) => p - start),
    [100],
  );
  await clock.advance(200 + 400 + 400);
  t.same(
    pings.map((p) => p - start),
    [100, 300, 700, 1100],
    'delays double up to the ceiling',
  );
  t.same(failures, [1, 2, 3, 4]);
  answering = true;
  await clock.advance(400);
  t.equal(done, true);
  t.equal(clock.pendingTimers, 0);
});

t.test('aborting ends the wait with the signal’s reason and leaves no timer', async (t) => {
  const clock = new FakeClock();
  const abort = new AbortController();
  const waiting = untilEngineAnswers({ clock, signal: abort.signal, ping: async () => {} });
  await settle();
  t.equal(clock.pendingTimers, 1);
  abort.abort(new Error('removed'));
  await t.rejects(waiting, { message: 'removed' });
  t.equal(clock.pendingTimers, 0);
});
