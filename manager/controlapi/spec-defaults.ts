// SwarmKit's defaults filled into a service spec where the operator left a message or duration
// absent (GetService insert_defaults, and the orchestrators reading a spec). Explicit values, an
// explicit `0s` included, are kept: absent and zero differ because durations are messages.
import type { ContainerSpec } from '../../proto/gen/covey/v1/ContainerSpec.ts';
import type { HealthConfig } from '../../proto/gen/covey/v1/HealthConfig.ts';
import type { ProcessSpec } from '../../proto/gen/covey/v1/ProcessSpec.ts';
import { RestartCondition } from '../../proto/gen/covey/v1/RestartCondition.ts';
import type { RestartPolicy } from '../../proto/gen/covey/v1/RestartPolicy.ts';
import type { ServiceSpec, ServiceSpec__Output } from '../../proto/gen/covey/v1/ServiceSpec.ts';
import type { TaskSpec, TaskSpec__Output } from '../../proto/gen/covey/v1/TaskSpec.ts';
import type { UpdateConfig } from '../../proto/gen/covey/v1/UpdateConfig.ts';
import { UpdateFailureAction } from '../../proto/gen/covey/v1/UpdateFailureAction.ts';
import { UpdateOrder } from '../../proto/gen/covey/v1/UpdateOrder.ts';
import { duration } from './spec-scalars.ts';

export const DEFAULT_REPLICAS = 1;
export const DEFAULT_UPDATE_PARALLELISM = 1;
export const DEFAULT_UPDATE_MONITOR_SECONDS = 5;
export const DEFAULT_RESTART_DELAY_SECONDS = 5;
export const DEFAULT_STOP_GRACE_SECONDS = 10;
export const DEFAULT_HEALTH_INTERVAL_SECONDS = 30;
export const DEFAULT_HEALTH_TIMEOUT_SECONDS = 30;
export const DEFAULT_HEALTH_RETRIES = 3;
export const DEFAULT_HEALTH_START_INTERVAL_SECONDS = 5;

function present<T>(v: T | null | undefined): v is T {
  return v !== null && v !== undefined;
}

/** Update and rollback share the defaults; parallelism 1 only when the whole message is absent. */
export function withUpdateConfigDefaults(u: UpdateConfig | null | undefined): UpdateConfig {
  if (!present(u)) {
    return {
      parallelism: DEFAULT_UPDATE_PARALLELISM,
      delay: duration(0),
      failureAction: UpdateFailureAction.UPDATE_FAILURE_ACTION_PAUSE,
      monitor: duration(DEFAULT_UPDATE_MONITOR_SECONDS),
      maxFailureRatio: 0,
      order: UpdateOrder.UPDATE_ORDER_STOP_FIRST,
    };
  }
  return {
    ...u,
    parallelism: u.parallelism ?? 0,
    delay: u.delay ?? duration(0),
    failureAction: u.failureAction ?? UpdateFailureAction.UPDATE_FAILURE_ACTION_PAUSE,
    monitor: u.monitor ?? duration(DEFAULT_UPDATE_MONITOR_SECONDS),
    maxFailureRatio: u.maxFailureRatio ?? 0,
    order: u.order ?? UpdateOrder.UPDATE_ORDER_STOP_FIRST,
  };
}

export function withRestartPolicyDefaults(r: RestartPolicy | null | undefined): RestartPolicy {
  const given = r ?? {};
  return {
    ...given,
    condition: given.condition ?? RestartCondition.RESTART_CONDITION_ANY,
    delay: given.delay ?? duration(DEFAULT_RESTART_DELAY_SECONDS),
    maxAttempts: given.maxAttempts ?? 0,
    // 0s and absent both mean "no window"; written out so readers need no special case.
    window: given.window ?? duration(0),
  };
}

/** An absent healthcheck stays absent: it means "the image's check", not "no check". */
function withHealthDefaults(h: HealthConfig | null | undefined): HealthConfig | null | undefined {
  if (!present(h)) return h;
  return {
    ...h,
    interval: h.interval ?? duration(DEFAULT_HEALTH_INTERVAL_SECONDS),
    timeout: h.timeout ?? duration(DEFAULT_HEALTH_TIMEOUT_SECONDS),
    // The proto documents retries 0 as "3", so 0 is not an explicit value here.
    retries: h.retries === undefined || h.retries === 0 ? DEFAULT_HEALTH_RETRIES : h.retries,
    startPeriod: h.startPeriod ?? duration(0),
    startInterval: h.startInterval ?? duration(DEFAULT_HEALTH_START_INTERVAL_SECONDS),
  };
}

function withRuntimeDefaults<R extends ContainerSpec | ProcessSpec>(r: R): R {
  const out: R = { ...r, stopGracePeriod: r.stopGracePeriod ?? duration(DEFAULT_STOP_GRACE_SECONDS) };
  const health = withHealthDefaults(r.healthcheck);
  if (health !== undefined) out.healthcheck = health;
  return out;
}

export function withTaskDefaults(task: TaskSpec__Output): TaskSpec__Output;
export function withTaskDefaults(task: TaskSpec): TaskSpec;
export function withTaskDefaults(task: TaskSpec): TaskSpec {
  const out: TaskSpec = { ...task, restart: withRestartPolicyDefaults(task.restart) };
  if (present(task.container)) out.container = withRuntimeDefaults(task.container);
  if (present(task.process)) out.process = withRuntimeDefaults(task.process);
  return out;
}

/**
 * A new spec with every absent default filled in; `spec` is not changed. Sub-objects that need no
 * default (labels, mounts, ports, placement) are shared with `spec`, so treat both as immutable.
 */
export function withServiceDefaults(spec: ServiceSpec__Output): ServiceSpec__Output;
export function withServiceDefaults(spec: ServiceSpec): ServiceSpec;
export function withServiceDefaults(spec: ServiceSpec): ServiceSpec {
  const out: ServiceSpec = {
    ...spec,
    updateConfig: withUpdateConfigDefaults(spec.updateConfig),
    rollbackConfig: withUpdateConfigDefaults(spec.rollbackConfig),
  };
  if (present(spec.task)) out.task = withTaskDefaults(spec.task);
  if (!present(spec.replicated) && !present(spec.global)) {
    out.replicated = { replicas: DEFAULT_REPLICAS };
    out.mode = 'replicated';
  } else if (present(spec.replicated)) {
    out.replicated = { ...spec.replicated, replicas: spec.replicated.replicas ?? 0 };
  }
  return out;
}
