// Durations, memory sizes and CPU amounts as the flags take them.
import t from 'tap';
import { parseNanoCpus } from '../../../cli/commands/cpus-flag.ts';
import { parseDuration, parseDurationNanos } from '../../../cli/commands/duration-flag.ts';
import { FlagValueError } from '../../../cli/commands/flag-value-error.ts';
import { parseMemoryBytes } from '../../../cli/commands/memory-flag.ts';

t.test('durations', async (t) => {
  t.same(parseDuration('10s', '--x'), { seconds: 10, nanos: 0 });
  t.same(parseDuration('1m30s', '--x'), { seconds: 90, nanos: 0 });
  t.same(parseDuration('500ms', '--x'), { seconds: 0, nanos: 500_000_000 });
  t.same(parseDuration('1.5h', '--x'), { seconds: 5400, nanos: 0 });
  t.same(parseDuration('0', '--x'), { seconds: 0, nanos: 0 });
  t.equal(parseDurationNanos('2us3ns', '--x'), 2003n);
  for (const bad of ['', '10', 's', '10x', '1m 30s', '-5s']) {
    t.throws(() => parseDuration(bad, '--restart-delay'), {
      name: 'FlagValueError',
      flag: '--restart-delay',
      value: bad,
    });
  }
  let err: unknown;
  try {
    parseDuration('soon', '--health-interval');
  } catch (e) {
    err = e;
  }
  t.ok(err instanceof FlagValueError);
  t.equal(
    (err as Error).message,
    'invalid value "soon" for --health-interval: expected a duration like 10s, 1m30s or 500ms',
  );
});

t.test('memory', async (t) => {
  t.equal(parseMemoryBytes('512M', '--x'), 512 * 1024 ** 2);
  t.equal(parseMemoryBytes('1G', '--x'), 1024 ** 3);
  t.equal(parseMemoryBytes('1g', '--x'), 1024 ** 3);
  t.equal(parseMemoryBytes('64mb', '--x'), 64 * 1024 ** 2);
  t.equal(parseMemoryBytes('4096', '--x'), 4096);
  t.equal(parseMemoryBytes('1.5k', '--x'), 1536);
  for (const bad of ['', 'M', '1Q', '-1G', 'lots']) {
    t.throws(() => parseMemoryBytes(bad, '--limit-memory'), {
      name: 'FlagValueError',
      flag: '--limit-memory',
    });
  }
});

t.test('cpus', async (t) => {
  t.equal(parseNanoCpus('0.5', '--x'), 500_000_000);
  t.equal(parseNanoCpus('2', '--x'), 2_000_000_000);
  t.equal(parseNanoCpus('.25', '--x'), 250_000_000);
  t.equal(parseNanoCpus('1.000000001', '--x'), 1_000_000_001);
  for (const bad of ['', 'half', '1.2.3', '-1', '0.0000000001']) {
    t.throws(() => parseNanoCpus(bad, '--limit-cpu'), { name: 'FlagValueError', flag: '--limit-cpu' });
  }
});
