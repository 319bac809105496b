// Reconnect backoff: grows geometrically to its ceiling, jitters within bounds, resets.
import t from 'tap';
import { Backoff } from '../../../../manager/raftnode/transport/backoff.ts';
import { SeededRandom } from '../../../../raft/random.ts';

t.test('without jitter the delay doubles up to the ceiling and reset starts over', async (t) => {
  const b = new Backoff({ initialMs: 10, maxMs: 100, multiplier: 2, jitter: 0 });
  t.same([b.next(), b.next(), b.next(), b.next(), b.next(), b.next()], [10, 20, 40, 80, 100, 100]);
  b.reset();
  t.equal(b.next(), 10);
});

t.test('jitter stays within ±jitter of the base delay and actually varies', async (t) => {
  const rng = new SeededRandom(17);
  const b = new Backoff({ initialMs: 1000, maxMs: 1000, multiplier: 2, jitter: 0.2 }, () => rng.float());
  const seen = new Set<number>();
  for (let i = 0; i < 500; i++) {
    const d = b.next();
    if (d < 800 || d > 1200) t.fail(`delay ${d} outside [800, 1200]`);
    seen.add(d);
  }
  t.ok(seen.size > 50, `delays vary (${seen.size} distinct values)`);
});

t.test('invalid options are refused', async (t) => {
  t.throws(() => new Backoff({ initialMs: 0, maxMs: 10, multiplier: 2, jitter: 0 }), RangeError);
  t.throws(() => new Backoff({ initialMs: 20, maxMs: 10, multiplier: 2, jitter: 0 }), RangeError);
  t.throws(() => new Backoff({ initialMs: 1, maxMs: 10, multiplier: 0.5, jitter: 0 }), RangeError);
  t.throws(() => new Backoff({ initialMs: 1, maxMs: 10, multiplier: 2, jitter: 1 }), RangeError);
});
