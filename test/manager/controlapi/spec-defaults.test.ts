// SwarmKit's defaults: filled where a message or duration is absent, never over an explicit value
// (an explicit 0s included), and without touching the input.
import t from 'tap';
import { withServiceDefaults, withTaskDefaults } from '../../../manager/controlapi/spec-defaults.ts';
import { serviceSpecProblems } from '../../../manager/controlapi/validate-service-spec.ts';
import { RestartCondition } from '../../../proto/gen/covey/v1/RestartCondition.ts';
import type { ServiceSpec, ServiceSpec__Output } from '../../../proto/gen/covey/v1/ServiceSpec.ts';
import { UpdateFailureAction } from '../../../proto/gen/covey/v1/UpdateFailureAction.ts';
import { UpdateOrder } from '../../../proto/gen/covey/v1/UpdateOrder.ts';
import { validServiceSpec } from './fixtures.ts';

const zero = { seconds: 0, nanos: 0 };
const s = (seconds: number) => ({ seconds, nanos: 0 });

const swarmUpdateDefaults = {
  parallelism: 1,
  delay: zero,
  failureAction: UpdateFailureAction.UPDATE_FAILURE_ACTION_PAUSE,
  monitor: s(5),
  maxFailureRatio: 0,
  order: UpdateOrder.UPDATE_ORDER_STOP_FIRST,
};

const minimal = (): ServiceSpec => ({
  annotations: { name: 'web' },
  task: { container: { image: 'nginx' } },
});

t.test('a minimal spec gets every default', async (t) => {
  const out = withServiceDefaults(minimal());
  t.same(out.replicated, { replicas: 1 });
  t.equal(out.mode, 'replicated');
  t.same(out.updateConfig, swarmUpdateDefaults);
  t.same(out.rollbackConfig, swarmUpdateDefaults);
  t.same(out.task?.restart, {
    condition: RestartCondition.RESTART_CONDITION_ANY,
    delay: s(5),
    maxAttempts: 0,
    window: zero,
  });
  t.same(out.task?.container?.stopGracePeriod, s(10));
  t.equal(out.task?.container?.healthcheck, undefined, 'absent healthcheck stays absent (the image decides)');
  t.same(serviceSpecProblems(out), [], 'the defaulted spec is valid');
});

t.test('the input is not changed', async (t) => {
  const input = minimal();
  const before = structuredClone(input);
  const out = withServiceDefaults(input);
  t.same(input, before);
  t.not(out, input);
  t.not(out.task, input.task);
});

t.test('explicit zeros are kept: 0s durations, parallelism 0, replicas 0', async (t) => {
  const spec = minimal();
  spec.replicated = { replicas: 0 };
  spec.updateConfig = { parallelism: 0, delay: zero, monitor: zero };
  spec.rollbackConfig = { monitor: zero };
  spec.task = { container: { image: 'nginx', stopGracePeriod: zero }, restart: { delay: zero } };
  const out = withServiceDefaults(spec);
  t.same(out.replicated, { replicas: 0 });
  t.equal(out.updateConfig?.parallelism, 0, 'parallelism 1 is only for an absent update config');
  t.same(out.updateConfig?.monitor, zero);
  t.same(out.rollbackConfig?.monitor, zero);
  t.equal(out.rollbackConfig?.parallelism, 0);
  t.same(out.task?.container?.stopGracePeriod, zero);
  t.same(out.task?.restart?.delay, zero);
});

t.test('a present message gets its absent durations filled', async (t) => {
  const spec = minimal();
  spec.updateConfig = { parallelism: 3 };
  spec.task = {
    container: { image: 'nginx' },
    restart: { condition: RestartCondition.RESTART_CONDITION_NONE },
  };
  const out = withServiceDefaults(spec);
  t.same(out.updateConfig, { ...swarmUpdateDefaults, parallelism: 3 });
  t.same(out.task?.restart, {
    condition: RestartCondition.RESTART_CONDITION_NONE,
    delay: s(5),
    maxAttempts: 0,
    window: zero,
  });
});

t.test('the fully populated fixture keeps every explicit value', async (t) => {
  const spec = validServiceSpec();
  const out = withServiceDefaults(spec);
  t.same(out, spec, 'nothing was absent, so nothing changes');
});

t.test('a global service gets no replicas', async (t) => {
  const spec = minimal();
  spec.global = {};
  const out = withServiceDefaults(spec);
  t.equal(out.replicated, undefined);
  t.same(out.global, {});
});

t.test('a present healthcheck gets Docker timings; retries 0 means 3', async (t) => {
  const out = withTaskDefaults({
    process: { command: 'srv', healthcheck: { test: ['CMD', 'true'], interval: s(2) } },
  });
  t.same(out.process?.healthcheck, {
    test: ['CMD', 'true'],
    interval: s(2),
    timeout: s(30),
    retries: 3,
    startPeriod: zero,
    startInterval: s(5),
  });
  t.same(out.process?.stopGracePeriod, s(10));
});

t.test('decoded (Output) specs keep their type and their nulls become defaults', async (t) => {
  const decoded: ServiceSpec__Output = {
    annotations: { name: 'web', labels: {} },
    task: {
      container: {
        image: 'nginx',
        labels: {},
        entrypoint: [],
        args: [],
        hostname: '',
        env: [],
        workdir: '',
        user: '',
        readOnly: false,
        mounts: [],
        stopSignal: '',
        stopGracePeriod: null,
        healthcheck: null,
      },
      resources: null,
      restart: null,
      placement: null,
      forceUpdate: 0,
      runtime: 'container',
    },
    updateConfig: null,
    rollbackConfig: null,
    endpoint: null,
  };
  const out: ServiceSpec__Output = withServiceDefaults(decoded);
  t.same(out.updateConfig, swarmUpdateDefaults);
  t.same(out.task?.container?.stopGracePeriod, s(10));
  t.equal(out.task?.container?.healthcheck, null);
  t.equal(out.task?.restart?.condition, RestartCondition.RESTART_CONDITION_ANY);
  t.same(out.replicated, { replicas: 1 });
});
