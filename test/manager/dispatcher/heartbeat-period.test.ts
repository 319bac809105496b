// Heartbeat timing: period growth with cluster size under the rate bound, jitter bounds, the down
// grace, and the cluster config over the defaults.
import t from 'tap';
import {
  basePeriodMs,
  DEFAULT_HEARTBEAT_CONFIG,
  heartbeatConfigFromProto,
  heartbeatPeriod,
} from '../../../manager/dispatcher/heartbeat-period.ts';
import { SeededRandom } from '../../../raft/random.ts';

const cfg = DEFAULT_HEARTBEAT_CONFIG;

t.test('small cluster: 1 s period, down within ~3 s', async (t) => {
  const timing = heartbeatPeriod(3, cfg, new SeededRandom(1));
  t.equal(timing.basePeriodMs, 1000);
  t.equal(timing.downGraceMs, 1500, 'one more period plus 500 ms margin');
  t.ok(timing.timeoutMs <= 2600, `timeout ${timing.timeoutMs} ms ≤ 2.6 s`);
  t.ok(timing.timeoutMs >= 2500);
  t.ok(timing.timeoutMs < 6000 / 2, 'leaves at least half of the 6 s budget for rescheduling');
});

t.test('period grows with node count: monotone and rate-bounded', async (t) => {
  t.equal(basePeriodMs(500), 1000, '500 nodes still 1 s');
  t.equal(basePeriodMs(501), 1002);
  t.equal(basePeriodMs(5000), 10_000, '5,000 nodes ⇒ 10 s');
  t.equal(basePeriodMs(20_000), 40_000);
  let previous = 0;
  for (let n = 0; n <= 50_000; n += 97) {
    const p = basePeriodMs(n);
    if (p < previous) t.fail(`period shrank at ${n} nodes`);
    const rate = (n * 1000) / p;
    if (rate > cfg.maxHeartbeatsPerSecond + 1e-9) t.fail(`rate ${rate}/s at ${n} nodes exceeds the bound`);
    previous = p;
  }
  t.equal(basePeriodMs(50_000), 100_000, '50,000 nodes ⇒ 100 s');
  t.equal(basePeriodMs(0), 1000);
  t.equal(basePeriodMs(-5), 1000, 'negative counts clamp');
});

t.test('jitter stays within [base, base × 1.1] and actually varies', async (t) => {
  const random = new SeededRandom(42);
  for (const n of [1, 800, 5000]) {
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const timing = heartbeatPeriod(n, cfg, random);
      if (timing.periodMs < timing.basePeriodMs || timing.periodMs > timing.basePeriodMs * 1.1) {
        t.fail(`period ${timing.periodMs} out of bounds for base ${timing.basePeriodMs}`);
      }
      if (timing.timeoutMs !== timing.periodMs + timing.downGraceMs) t.fail('timeout is period + grace');
      seen.add(timing.periodMs);
    }
    t.ok(seen.size > 50, `n=${n}: ${seen.size} distinct periods`);
    // Jitter only lengthens: the observed rate never exceeds the bound.
    t.ok((n * 1000) / Math.min(...seen) <= Math.max(cfg.maxHeartbeatsPerSecond, n), `n=${n} rate bounded`);
  }
});

t.test('same seed, same periods', async (t) => {
  const a = new SeededRandom(7);
  const b = new SeededRandom(7);
  for (let i = 0; i < 20; i++)
    t.equal(heartbeatPeriod(10, cfg, a).periodMs, heartbeatPeriod(10, cfg, b).periodMs);
});

t.test('no jitter when the fraction is 0', async (t) => {
  const timing = heartbeatPeriod(10, { ...cfg, jitterFraction: 0 }, new SeededRandom(1));
  t.equal(timing.periodMs, 1000);
});

t.test('config from the cluster spec', async (t) => {
  t.same(heartbeatConfigFromProto(null), cfg);
  t.same(heartbeatConfigFromProto({ heartbeatPeriod: null, downGrace: null }), cfg);
  const custom = heartbeatConfigFromProto({
    heartbeatPeriod: { seconds: 2, nanos: 500_000_000 },
    downGrace: { seconds: 4, nanos: 0 },
  });
  t.equal(custom.basePeriodMs, 2500);
  t.equal(custom.downGraceMs, 4000);
  const timing = heartbeatPeriod(1, { ...custom, jitterFraction: 0 }, new SeededRandom(1));
  t.equal(timing.timeoutMs, 6500);
  t.equal(basePeriodMs(5000, custom), 10_000, 'rate bound still applies over a configured base');
  t.equal(
    heartbeatConfigFromProto({ heartbeatPeriod: { seconds: 0, nanos: 0 }, downGrace: null }).basePeriodMs,
    1000,
  );
});
