// SeededRandom: reproducible randomness for election jitter, simulations and tests.
import t from 'tap';
import { SeededRandom } from '../../raft/random.ts';

const draw = (seed: number, n: number): number[] => {
  const r = new SeededRandom(seed);
  return Array.from({ length: n }, () => r.nextUint32());
};

t.test('the same seed gives the same sequence', async (t) => {
  t.same(draw(7, 100), draw(7, 100));
  t.same(draw(0, 10), draw(0, 10));
  const a = new SeededRandom(99);
  const b = new SeededRandom(99);
  for (let i = 0; i < 50; i++) {
    t.equal(a.intn(10), b.intn(10));
    t.equal(a.float(), b.float());
    t.equal(a.chance(0.5), b.chance(0.5));
  }
});

t.test('different seeds give different sequences', async (t) => {
  const seqs = new Set([1, 2, 3, 4, 5, 1 << 31, -1].map((s) => draw(s, 8).join(',')));
  t.equal(seqs.size, 7);
  t.not(draw(1, 1)[0], draw(2, 1)[0], 'even the first draw differs');
});

t.test('values are in range and roughly uniform', async (t) => {
  const r = new SeededRandom(2024);
  const counts = new Array<number>(10).fill(0);
  const n = 100_000;
  let outside = 0;
  for (let i = 0; i < n; i++) {
    const v = r.intn(10);
    if (v < 0 || v >= 10 || !Number.isInteger(v)) outside++;
    counts[v] = (counts[v] ?? 0) + 1;
  }
  t.equal(outside, 0, 'intn(10) stays in [0, 10)');
  for (const c of counts) t.ok(Math.abs(c - n / 10) < n / 100, `bucket ${c} within 10% of ${n / 10}`);
  let bad = 0;
  for (let i = 0; i < 1000; i++) {
    const f = r.float();
    const u = r.nextUint32();
    if (f < 0 || f >= 1 || u < 0 || u > 0xffffffff || !Number.isInteger(u)) bad++;
  }
  t.equal(bad, 0, 'float in [0, 1), nextUint32 a 32-bit unsigned integer');
  let yes = 0;
  for (let i = 0; i < 10_000; i++) if (r.chance(0.25)) yes++;
  t.ok(Math.abs(yes - 2500) < 250, `chance(0.25) gave ${yes} of 10000`);
  t.equal(r.chance(0), false);
  t.equal(r.chance(1), true);
});

t.test('pick and intn refuse empty ranges', async (t) => {
  const r = new SeededRandom(1);
  t.throws(() => r.intn(0), RangeError);
  t.throws(() => r.intn(-3), RangeError);
  t.throws(() => r.pick([]), RangeError);
  const seen = new Set<string>();
  for (let i = 0; i < 200; i++) seen.add(r.pick(['a', 'b', 'c']));
  t.same([...seen].sort(), ['a', 'b', 'c']);
});
