import t from 'tap';
import {
  DEFAULT_UPDATE_CONFIG,
  effectiveUpdateConfig,
  resolveUpdateConfig,
} from '../../../manager/orchestrator/update-config.ts';
import type { UpdateConfig__Output } from '../../../proto/gen/covey/v1/UpdateConfig.ts';
import { UpdateFailureAction } from '../../../proto/gen/covey/v1/UpdateFailureAction.ts';
import { UpdateOrder } from '../../../proto/gen/covey/v1/UpdateOrder.ts';
import { UpdateState } from '../../../proto/gen/covey/v1/UpdateState.ts';
import { makeService } from './world.ts';

const present: UpdateConfig__Output = {
  parallelism: 0,
  delay: null,
  failureAction: UpdateFailureAction.UPDATE_FAILURE_ACTION_ROLLBACK,
  monitor: null,
  maxFailureRatio: 0.25,
  order: UpdateOrder.UPDATE_ORDER_START_FIRST,
};

t.test("an absent config gets Swarm's defaults", (t) => {
  t.same(resolveUpdateConfig(null), {
    parallelism: 1,
    delayMs: 0,
    failureAction: UpdateFailureAction.UPDATE_FAILURE_ACTION_PAUSE,
    monitorMs: 5_000,
    maxFailureRatio: 0,
    order: UpdateOrder.UPDATE_ORDER_STOP_FIRST,
  });
  t.equal(resolveUpdateConfig(undefined), DEFAULT_UPDATE_CONFIG);
  t.end();
});

t.test('a present config keeps parallelism 0 (all at once) and defaults only absent durations', (t) => {
  t.same(resolveUpdateConfig(present), {
    parallelism: 0,
    delayMs: 0,
    failureAction: UpdateFailureAction.UPDATE_FAILURE_ACTION_ROLLBACK,
    monitorMs: 5_000,
    maxFailureRatio: 0.25,
    order: UpdateOrder.UPDATE_ORDER_START_FIRST,
  });
  const timed = resolveUpdateConfig({
    ...present,
    delay: { seconds: 2, nanos: 500_000_000 },
    monitor: { seconds: 0, nanos: 0 },
    maxFailureRatio: 7,
  });
  t.equal(timed.delayMs, 2_500);
  t.equal(timed.monitorMs, 0, 'an explicit 0 monitor is kept');
  t.equal(timed.maxFailureRatio, 1, 'clamped to 0..1');
  t.end();
});

t.test('rollback_config applies while rolling back, and its ROLLBACK means pause', (t) => {
  const base = makeService({ replicas: 2 });
  const service = {
    ...base,
    spec: {
      ...base.spec!,
      updateConfig: { ...present, parallelism: 3 },
      rollbackConfig: { ...present, parallelism: 5 },
    },
  };
  t.equal(effectiveUpdateConfig(service).parallelism, 3);
  const status = (state: number) => ({ state, startedAt: null, completedAt: null, message: '' }) as const;
  for (const state of [UpdateState.UPDATE_STATE_ROLLBACK_STARTED, UpdateState.UPDATE_STATE_ROLLBACK_PAUSED]) {
    const rolling = effectiveUpdateConfig({ ...service, updateStatus: status(state) as never });
    t.equal(rolling.parallelism, 5);
    t.equal(rolling.failureAction, UpdateFailureAction.UPDATE_FAILURE_ACTION_PAUSE);
  }
  t.equal(
    effectiveUpdateConfig({ ...service, updateStatus: status(UpdateState.UPDATE_STATE_PAUSED) as never })
      .parallelism,
    3,
  );
  t.end();
});
