// A task's restart policy with SwarmKit's defaults filled in (condition any, delay 5 s, no attempt
// limit, no window), read from the task's own spec so a task keeps the rules it was created with.
import {
  RestartCondition,
  type RestartCondition__Output,
} from '../../proto/gen/covey/v1/RestartCondition.ts';
import type { TaskSpec__Output } from '../../proto/gen/covey/v1/TaskSpec.ts';
import { durationMs } from '../../proto/time.ts';

export const DEFAULT_RESTART_DELAY_MS = 5_000;

export interface ResolvedRestartPolicy {
  readonly condition: RestartCondition__Output;
  readonly delayMs: number;
  /** 0: unlimited. */
  readonly maxAttempts: number;
  /** 0: attempts are counted over the task slot's whole life (no sliding window). */
  readonly windowMs: number;
}

export function resolveRestartPolicy(spec: TaskSpec__Output | null): ResolvedRestartPolicy {
  const p = spec?.restart ?? null;
  if (p === null) {
    return {
      condition: RestartCondition.RESTART_CONDITION_ANY,
      delayMs: DEFAULT_RESTART_DELAY_MS,
      maxAttempts: 0,
      windowMs: 0,
    };
  }
  return {
    condition: p.condition,
    delayMs: durationMs(p.delay) ?? DEFAULT_RESTART_DELAY_MS,
    maxAttempts: p.maxAttempts,
    windowMs: durationMs(p.window) ?? 0,
  };
}
