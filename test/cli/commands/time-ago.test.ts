import t from 'tap';
import { humanDuration } from '../../../cli/commands/time-ago.ts';

t.test("Docker's human durations", async (t) => {
  const s = 1000;
  t.equal(humanDuration(200), 'Less than a second');
  t.equal(humanDuration(1 * s), '1 second');
  t.equal(humanDuration(5 * s), '5 seconds');
  t.equal(humanDuration(59 * s), '59 seconds');
  t.equal(humanDuration(60 * s), 'About a minute');
  t.equal(humanDuration(5 * 60 * s), '5 minutes');
  t.equal(humanDuration(60 * 60 * s), 'About an hour');
  t.equal(humanDuration(3 * 3600 * s), '3 hours');
  t.equal(humanDuration(3 * 86400 * s), '3 days');
  t.equal(humanDuration(21 * 86400 * s), '3 weeks');
  t.equal(humanDuration(90 * 86400 * s), '3 months');
  t.equal(humanDuration(3 * 365 * 86400 * s), '3 years');
});
