import t from 'tap';
import { composeUpdateConfig } from '../../../cli/stack/compose-update-config.ts';
import { UpdateFailureAction } from '../../../proto/gen/covey/v1/UpdateFailureAction.ts';
import { UpdateOrder } from '../../../proto/gen/covey/v1/UpdateOrder.ts';
import { composeError, composeValue } from './compose-source.ts';

const config = (yaml: string, rollback = false) =>
  composeUpdateConfig(composeValue(`u:\n${yaml}`, 'u'), rollback);

t.test('every field; parallelism defaults to 1 as in Docker', async (t) => {
  t.same(
    config(
      '  parallelism: 2\n  delay: 10s\n  failure_action: continue\n  monitor: 1m\n  max_failure_ratio: 0.25\n  order: start-first\n',
    ),
    {
      parallelism: 2,
      delay: { seconds: 10, nanos: 0 },
      failureAction: UpdateFailureAction.UPDATE_FAILURE_ACTION_CONTINUE,
      monitor: { seconds: 60, nanos: 0 },
      maxFailureRatio: 0.25,
      order: UpdateOrder.UPDATE_ORDER_START_FIRST,
    },
  );
  t.same(config('  delay: 500ms\n'), {
    parallelism: 1,
    delay: { seconds: 0, nanos: 500_000_000 },
    failureAction: UpdateFailureAction.UPDATE_FAILURE_ACTION_PAUSE,
    maxFailureRatio: 0,
    order: UpdateOrder.UPDATE_ORDER_STOP_FIRST,
  });
  t.equal(config('  parallelism: 0\n').parallelism, 0, '0 is all at once');
});

t.test('a rollback cannot roll back; bad values fail', async (t) => {
  t.equal(
    config('  failure_action: rollback\n').failureAction,
    UpdateFailureAction.UPDATE_FAILURE_ACTION_ROLLBACK,
  );
  t.match(
    composeError(() => config('  failure_action: rollback\n', true)),
    {
      key: 'u.failure_action',
      reason: '"rollback" is not one of pause, continue',
    },
  );
  t.match(composeError(() => config('  order: random\n')).reason, /not one of stop-first, start-first/);
  t.match(composeError(() => config('  max_failure_ratio: 2\n')).reason, /from 0 to 1/);
  t.match(composeError(() => config('  monitor: soon\n')).reason, /expected a duration like 10s/);
});
