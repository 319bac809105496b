// A ping bounded by a timeout on the injected clock.
import type Docker from 'dockerode';
import t from 'tap';
import { EnginePingTimeoutError, pingEngine } from '../../../../agent/executors/docker/engine-ping.ts';
import { FakeClock } from '../../fake-clock.ts';

/** An engine whose ping never answers but honours the abort signal, as dockerode's does. */
const frozen = {
  ping: (options: { abortSignal: AbortSignal }) =>
    new Promise((_resolve, reject) => {
      options.abortSignal.addEventListener('abort', () =>
        reject(Object.assign(new Error('aborted'), { name: 'AbortError' })),
      );
    }),
} as unknown as Docker;

t.test('a ping with no answer in time fails with a timeout', async (t) => {
  const clock = new FakeClock();
  const ping = pingEngine(frozen, clock, 500);
  await clock.advance(499);
  let settled = false;
  void ping.catch(() => {
    settled = true;
  });
  await clock.advance(0);
  t.equal(settled, false);
  await clock.advance(1);
  await t.rejects(ping, EnginePingTimeoutError);
  await t.rejects(ping, { message: 'no answer to ping within 500 ms', code: 'ETIMEDOUT' });
});

t.test('an answer cancels the timeout; a failure is passed on', async (t) => {
  const clock = new FakeClock();
  await pingEngine({ ping: async () => 'OK' } as unknown as Docker, clock, 500);
  t.equal(clock.pendingTimers, 0);
  const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
  await t.rejects(
    pingEngine({ ping: async () => Promise.reject(refused) } as unknown as Docker, clock, 500),
    refused,
  );
  t.equal(clock.pendingTimers, 0);
});
