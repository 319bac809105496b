// DeadlineTimer with a fake clock: one timer, moved only for an earlier deadline, silent once stopped.
import t from 'tap';
import { DeadlineTimer } from '../../../manager/dispatcher/dispatcher-deadline-timer.ts';

function fakeTimers() {
  let now = 1000;
  const timers: Array<{ at: number; fn: () => void; cancelled: boolean }> = [];
  return {
    now: () => now,
    setTimer: (fn: () => void, ms: number) => {
      const timer = { at: now + ms, fn, cancelled: false };
      timers.push(timer);
      return () => {
        timer.cancelled = true;
      };
    },
    live: () => timers.filter((x) => !x.cancelled),
    advance(to: number) {
      now = to;
      for (const x of timers.splice(0)) {
        if (x.cancelled) continue;
        if (x.at <= now) x.fn();
        else timers.push(x);
      }
    },
  };
}

t.test('armed for the earliest deadline, just after it', async (t) => {
  const clock = fakeTimers();
  let fired = 0;
  const timer = new DeadlineTimer(clock.setTimer, clock.now, () => fired++);
  timer.arm(1500);
  timer.arm(1800);
  t.same(
    clock.live().map((x) => x.at),
    [1501],
    'a later deadline keeps the armed timer',
  );
  timer.arm(1200);
  t.same(
    clock.live().map((x) => x.at),
    [1201],
    'an earlier one moves it',
  );
  clock.advance(1200);
  t.equal(fired, 0, 'not at the deadline itself');
  clock.advance(1201);
  t.equal(fired, 1);
  timer.arm(1800);
  t.same(
    clock.live().map((x) => x.at),
    [1801],
    'armed again after firing',
  );
  timer.stop();
  clock.advance(2000);
  t.equal(fired, 1, 'silent once stopped');
  timer.arm(2500);
  t.same(clock.live(), []);
});
