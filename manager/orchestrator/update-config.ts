// A rolling update's (or rollback's) knobs with Swarm's defaults filled in, and which of the
// service's two configs applies: rollback_config while a rollback runs, update_config otherwise.
import type { Service__Output } from '../../proto/gen/covey/v1/Service.ts';
import {
  UpdateFailureAction,
  type UpdateFailureAction__Output,
} from '../../proto/gen/covey/v1/UpdateFailureAction.ts';
import type { UpdateConfig__Output } from '../../proto/gen/covey/v1/UpdateConfig.ts';
import { UpdateOrder, type UpdateOrder__Output } from '../../proto/gen/covey/v1/UpdateOrder.ts';
import { UpdateState } from '../../proto/gen/covey/v1/UpdateState.ts';
import { durationMs } from '../../proto/time.ts';

export const DEFAULT_UPDATE_MONITOR_MS = 5_000;

export interface ResolvedUpdateConfig {
  /** Slots replaced at once; 0 means all of them. */
  readonly parallelism: number;
  readonly delayMs: number;
  readonly failureAction: UpdateFailureAction__Output;
  readonly monitorMs: number;
  readonly maxFailureRatio: number;
  readonly order: UpdateOrder__Output;
}

/** Swarm's defaults, used when the whole message is absent. */
export const DEFAULT_UPDATE_CONFIG: ResolvedUpdateConfig = {
  parallelism: 1,
  delayMs: 0,
  failureAction: UpdateFailureAction.UPDATE_FAILURE_ACTION_PAUSE,
  monitorMs: DEFAULT_UPDATE_MONITOR_MS,
  maxFailureRatio: 0,
  order: UpdateOrder.UPDATE_ORDER_STOP_FIRST,
};

export function resolveUpdateConfig(config: UpdateConfig__Output | null | undefined): ResolvedUpdateConfig {
  if (config === null || config === undefined) return DEFAULT_UPDATE_CONFIG;
  return {
    // A present message says what it means: parallelism 0 is "all at once", not "default".
    parallelism: Math.max(0, Math.floor(config.parallelism)),
    delayMs: Math.max(0, durationMs(config.delay) ?? 0),
    failureAction: config.failureAction,
    monitorMs: Math.max(0, durationMs(config.monitor) ?? DEFAULT_UPDATE_MONITOR_MS),
    maxFailureRatio: Math.min(1, Math.max(0, config.maxFailureRatio)),
    order: config.order,
  };
}

/** The config in force for the service's current update status. */
export function effectiveUpdateConfig(service: Service__Output): ResolvedUpdateConfig {
  const state = service.updateStatus?.state;
  const rollingBack =
    state === UpdateState.UPDATE_STATE_ROLLBACK_STARTED || state === UpdateState.UPDATE_STATE_ROLLBACK_PAUSED;
  if (!rollingBack) return resolveUpdateConfig(service.spec?.updateConfig);
  const config = resolveUpdateConfig(service.spec?.rollbackConfig);
  // A rollback cannot roll back (the control API refuses it; an old store may still hold it).
  return config.failureAction === UpdateFailureAction.UPDATE_FAILURE_ACTION_ROLLBACK
    ? { ...config, failureAction: UpdateFailureAction.UPDATE_FAILURE_ACTION_PAUSE }
    : config;
}
