import t from 'tap';
import { Backoff, DEFAULT_SESSION_BACKOFF } from '../../../agent/session/backoff.ts';

t.test('delays double from initialMs up to maxMs, jittered within [base/2, base]', async (t) => {
  const low = new Backoff({ initialMs: 100, maxMs: 1_000 }, () => 0);
  t.same(
    Array.from({ length: 6 }, () => low.next()),
    [50, 100, 200, 400, 500, 500],
    'random 0 gives half of each base',
  );
  const high = new Backoff({ initialMs: 100, maxMs: 1_000 }, () => 0.999999);
  t.same(
    Array.from({ length: 6 }, () => high.next()),
    [100, 200, 400, 800, 1_000, 1_000],
    'random near 1 gives the whole base',
  );
  const mid = new Backoff({ initialMs: 100, maxMs: 1_000 }, () => 0.5);
  t.same([mid.next(), mid.next()], [75, 150]);
});

t.test('reset() starts again from initialMs; attempts counts the delays handed out', async (t) => {
  const backoff = new Backoff({ initialMs: 100, maxMs: 5_000 }, () => 0);
  backoff.next();
  backoff.next();
  backoff.next();
  t.equal(backoff.attempts, 3);
  backoff.reset();
  t.equal(backoff.attempts, 0);
  t.equal(backoff.next(), 50);
});

t.test('a long outage stays at maxMs (no overflow)', async (t) => {
  const backoff = new Backoff(DEFAULT_SESSION_BACKOFF, () => 0.999999);
  let last = 0;
  for (let i = 0; i < 2_000; i++) last = backoff.next();
  t.equal(last, DEFAULT_SESSION_BACKOFF.maxMs);
  t.ok(Number.isFinite(last));
});

t.test('the default is 100 ms .. 5 s', async (t) => {
  t.same(DEFAULT_SESSION_BACKOFF, { initialMs: 100, maxMs: 5_000 });
});

t.test('nonsensical options are refused', async (t) => {
  t.throws(() => new Backoff({ initialMs: 0, maxMs: 100 }), RangeError);
  t.throws(() => new Backoff({ initialMs: 200, maxMs: 100 }), RangeError);
});
