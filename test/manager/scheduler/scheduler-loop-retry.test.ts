// Retry pacing: the throttle runs at once, then at most once per interval (requests fold into one
// timer); the backoff doubles to its cap, arms once at a time and starts over after a reset.
import t from 'tap';
import { Backoff, Throttle } from '../../../manager/scheduler/scheduler-loop-retry.ts';

function timers() {
  const armed: { fn: () => void; ms: number; cancelled: boolean }[] = [];
  return {
    armed,
    set: (fn: () => void, ms: number) => {
      const x = { fn, ms, cancelled: false };
      armed.push(x);
      return () => {
        x.cancelled = true;
      };
    },
    fire: () => {
      for (const x of armed.splice(0)) if (!x.cancelled) x.fn();
    },
  };
}

t.test('throttle: first request at once, then at most once per interval', async (t) => {
  let now = 1_000;
  const tm = timers();
  const th = new Throttle(100, () => now, tm.set);
  let runs = 0;
  const run = () => runs++;
  th.request(run);
  t.equal(runs, 1, 'first request runs at once');
  now += 30;
  th.request(run);
  th.request(run);
  t.equal(runs, 1);
  t.same(
    tm.armed.map((x) => x.ms),
    [70],
    'one timer for the rest of the interval',
  );
  t.ok(th.armed);
  now += 70;
  tm.fire();
  t.equal(runs, 2, 'folded requests run once');
  now += 500;
  th.request(run);
  t.equal(runs, 3, 'after a quiet interval: at once again');
  now -= 10_000; // the clock steps back
  th.request(run);
  t.same(tm.armed.at(-1)?.ms, 100, 'never waits longer than the interval');
  th.dispose();
  t.notOk(th.armed);
  tm.fire();
  t.equal(runs, 3, 'disposed: the timer never runs');
});

t.test('backoff: doubles to its cap, one timer at a time, reset starts over', async (t) => {
  const tm = timers();
  const b = new Backoff(200, 1_000, tm.set);
  let runs = 0;
  const run = () => runs++;
  t.equal(b.arm(run), 200);
  t.equal(b.arm(run), undefined, 'already armed');
  tm.fire();
  t.equal(runs, 1);
  const delays: (number | undefined)[] = [];
  for (let i = 0; i < 3; i++) {
    delays.push(b.arm(run));
    tm.fire();
  }
  t.same(delays, [400, 800, 1_000]);
  b.reset();
  t.equal(b.arm(run), 200, 'after a success the delay starts over');
  b.dispose();
  tm.fire();
  t.equal(runs, 4);
});
