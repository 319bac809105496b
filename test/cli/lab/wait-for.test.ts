// Polling with a deadline: the value once the probe has one; past the deadline a WaitTimeoutError
// naming what was awaited and the probe's last failure.
import t from 'tap';
import { WaitTimeoutError, waitFor } from '../../../cli/lab/wait-for.ts';

t.test('returns the first value the probe gives', async (t) => {
  let calls = 0;
  const v = await waitFor(() => (++calls >= 3 ? `after ${calls}` : undefined), 'three calls', 5_000, 1);
  t.equal(v, 'after 3');
});

t.test('times out naming what and why', async (t) => {
  const err = await waitFor(
    () => {
      throw new Error('connection refused');
    },
    'm1 to serve',
    50,
    5,
  ).catch((e: unknown) => e);
  t.ok(err instanceof WaitTimeoutError);
  t.match(err, { what: 'm1 to serve', timeoutMs: 50 });
  t.equal(
    (err as Error).message,
    'timed out after 50 ms waiting for m1 to serve (last error: connection refused)',
  );
  t.equal(((err as Error).cause as Error).message, 'connection refused');
});

t.test('an abort stops the polling with its reason', async (t) => {
  const stop = new AbortController();
  let calls = 0;
  const waiting = waitFor(
    () => {
      calls++;
      return undefined;
    },
    'never',
    60_000,
    5,
    stop.signal,
  );
  stop.abort(new Error('not needed any more'));
  await t.rejects(waiting, { message: 'not needed any more' });
  const after = calls;
  await new Promise((r) => setTimeout(r, 30));
  t.equal(calls, after, 'no probe after the abort');
});
