// The order "oldest first" among tasks of one slot, used to find a slot's newest task and the
// history the reaper deletes first. Ordered by the leader's clock (meta.created_at), not the agent's
// status timestamp, because only the leader's clock is the same for every task of the cluster.
import type { Task__Output } from '../../proto/gen/covey/v1/Task.ts';
import { timestampMs } from '../../proto/time.ts';

export function compareByAge(a: Task__Output, b: Task__Output): number {
  const ca = timestampMs(a.meta?.createdAt) ?? 0;
  const cb = timestampMs(b.meta?.createdAt) ?? 0;
  if (ca !== cb) return ca - cb;
  const va = a.meta?.version ?? 0;
  const vb = b.meta?.version ?? 0;
  if (va !== vb) return va - vb;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function newestTask(tasks: readonly Task__Output[]): Task__Output | undefined {
  let newest: Task__Output | undefined;
  for (const t of tasks) if (newest === undefined || compareByAge(t, newest) > 0) newest = t;
  return newest;
}
