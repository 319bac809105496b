import t from 'tap';
import { withDeadline } from '../../bench/deadline.ts';
import { BenchDeadlineError } from '../../bench/errors.ts';

t.test('the work’s value when it finishes in time', async (t) => {
  t.equal(await withDeadline(Promise.resolve(7), 1_000, () => 'unused'), 7);
});

t.test('a BenchDeadlineError saying what was stuck when it did not', async (t) => {
  let stuck = 'nothing yet';
  const never = new Promise<never>(() => {});
  const pending = withDeadline(never, 20, () => stuck);
  stuck = '3 of 5 tasks RUNNING';
  const error = await pending.catch((e: unknown) => e);
  t.ok(error instanceof BenchDeadlineError);
  t.match(error, {
    what: '3 of 5 tasks RUNNING',
    deadlineMs: 20,
    message: '3 of 5 tasks RUNNING after 20 ms',
  });
});
