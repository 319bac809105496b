import t from 'tap';
import { parseSince, parseTail } from '../../../cli/commands/log-flags.ts';

t.test('--tail: all, N, and 0 meaning none', async (t) => {
  t.equal(parseTail('all'), 0);
  t.equal(parseTail('20'), 20);
  t.equal(parseTail('0'), -1);
  t.throws(() => parseTail('-3'), { name: 'FlagValueError', flag: '--tail' });
  t.throws(() => parseTail('some'), { name: 'FlagValueError', flag: '--tail' });
});

t.test('--since: a duration ago or an RFC 3339 time', async (t) => {
  const now = Date.parse('2026-01-02T15:04:05.250Z');
  t.same(parseSince('10m', now), { seconds: now / 1000 - 600 - 0.25, nanos: 250_000_000 });
  t.same(parseSince('2026-01-01T00:00:00Z', now), {
    seconds: Date.parse('2026-01-01T00:00:00Z') / 1000,
    nanos: 0,
  });
  t.throws(() => parseSince('2026-13-45T99:00:00Z', now), { name: 'FlagValueError', flag: '--since' });
  t.throws(() => parseSince('yesterday', now), { name: 'FlagValueError', flag: '--since' });
});
