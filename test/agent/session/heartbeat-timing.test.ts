import t from 'tap';
import {
  HEARTBEAT_PERIOD_FRACTION,
  MIN_HEARTBEAT_INTERVAL_MS,
  nextHeartbeatDelayMs,
} from '../../../agent/session/heartbeat-timing.ts';

t.test('the next heartbeat goes at 90% of the period after the previous was sent', async (t) => {
  t.equal(HEARTBEAT_PERIOD_FRACTION, 0.9);
  t.equal(nextHeartbeatDelayMs(1_000, 10_000, 10_000), 900, 'answered at once');
  t.equal(nextHeartbeatDelayMs(1_000, 10_000, 10_300), 600, 'a slow answer does not push it later');
  t.equal(nextHeartbeatDelayMs(10_000, 0, 0), 9_000, 'a large cluster period');
});

t.test('an answer slower than the interval sends the next heartbeat at once', async (t) => {
  t.equal(nextHeartbeatDelayMs(1_000, 10_000, 11_500), 0);
});

t.test('a zero period cannot make the agent spin', async (t) => {
  t.equal(nextHeartbeatDelayMs(0, 5_000, 5_000), MIN_HEARTBEAT_INTERVAL_MS);
});
