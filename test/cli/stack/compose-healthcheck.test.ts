import t from 'tap';
import { composeHealthcheck } from '../../../cli/stack/compose-healthcheck.ts';
import { composeError, composeValue } from './compose-source.ts';

const health = (yaml: string) => composeHealthcheck(composeValue(`healthcheck:\n${yaml}`, 'healthcheck'));

t.test('test forms and timings', async (t) => {
  t.same(health('  test: curl -f http://localhost\n'), { test: ['CMD-SHELL', 'curl -f http://localhost'] });
  t.same(
    health(
      '  test: ["CMD", "wget", "-q", "localhost"]\n  interval: 1m30s\n  timeout: 10s\n  retries: 3\n  start_period: 40s\n  start_interval: 5s\n',
    ),
    {
      test: ['CMD', 'wget', '-q', 'localhost'],
      interval: { seconds: 90, nanos: 0 },
      timeout: { seconds: 10, nanos: 0 },
      startPeriod: { seconds: 40, nanos: 0 },
      startInterval: { seconds: 5, nanos: 0 },
      retries: 3,
    },
  );
  t.same(
    health('  interval: 5s\n'),
    { test: [], interval: { seconds: 5, nanos: 0 } },
    "the image's test, retimed",
  );
  t.same(health('  test: ["NONE"]\n'), { test: ['NONE'] });
  t.same(health('  disable: true\n'), { test: ['NONE'] });
  t.same(health('  disable: false\n  test: "true"\n'), { test: ['CMD-SHELL', 'true'] });
});

t.test('bad tests and conflicts fail', async (t) => {
  t.match(
    composeError(() => health('  test: ["wget"]\n')),
    { key: 'healthcheck.test', reason: /starting with "CMD"/ },
  );
  t.match(composeError(() => health('  test: ["CMD"]\n')).reason, /starting with "CMD"/);
  t.match(composeError(() => health('  test: ""\n')).reason, /must not be empty/);
  t.match(composeError(() => health('  disable: true\n  interval: 5s\n')).reason, /conflicts with interval/);
  t.match(composeError(() => health('  retries: -1\n')).reason, /non-negative integer/);
});
