// How long a task gets between the stop signal and the kill, from its spec (Swarm's default: 10s).
import type { Duration__Output } from '../../proto/gen/google/protobuf/Duration.ts';
import type { Task__Output } from '../../proto/gen/covey/v1/Task.ts';

export const DEFAULT_STOP_GRACE_MS = 10_000;

export function stopGraceMs(task: Task__Output): number {
  const spec = task.spec;
  const grace: Duration__Output | null | undefined =
    spec?.container?.stopGracePeriod ?? spec?.process?.stopGracePeriod ?? null;
  // An absent duration means the default; an explicit 0s means no grace at all.
  if (grace === null || grace === undefined) return DEFAULT_STOP_GRACE_MS;
  return grace.seconds * 1000 + Math.floor(grace.nanos / 1e6);
}
