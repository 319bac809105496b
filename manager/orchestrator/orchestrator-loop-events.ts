// Which store changes can change an orchestrator decision. Most task updates are agents reporting
// progress (ASSIGNED → … → RUNNING) that no reconciler looks at; dropping them at the watcher keeps a
// 100k-task deploy from waking the loop 400k times.
import type { Node__Output } from '../../proto/gen/covey/v1/Node.ts';
import type { Task__Output } from '../../proto/gen/covey/v1/Task.ts';
import type { StoreEvent } from '../store/store-event.ts';
import { hasEnded } from './task-lifecycle.ts';
import { countsAsUpdated } from './update-task-verdict.ts';

/** Desired state, ended-ness, placement or identity changed: what slots and the reaper decide on. */
export function taskChangeMatters(before: Task__Output, after: Task__Output): boolean {
  return (
    before.desiredState !== after.desiredState ||
    hasEnded(before) !== hasEnded(after) ||
    before.nodeId !== after.nodeId ||
    before.slot !== after.slot ||
    before.serviceId !== after.serviceId
  );
}

/** Whether the node's tasks may have to leave, or it may now take global tasks or match constraints. */
export function nodeChangeMatters(before: Node__Output, after: Node__Output): boolean {
  const bd = before.description;
  const ad = after.description;
  return (
    before.status?.state !== after.status?.state ||
    before.spec?.availability !== after.spec?.availability ||
    before.role !== after.role ||
    !sameRecord(before.spec?.annotations?.labels, after.spec?.annotations?.labels) ||
    bd?.hostname !== ad?.hostname ||
    bd?.platform?.os !== ad?.platform?.os ||
    bd?.platform?.architecture !== ad?.platform?.architecture ||
    !sameRecord(bd?.engine?.labels, ad?.engine?.labels)
  );
}

/**
 * The watch predicate: every service, node and cluster change; task changes that matter; and, for
 * a service whose rolling update is under way (`rolling`, asked of the store as the change is
 * made), a task becoming RUNNING or healthy, which lets the update take its next slot.
 */
export function orchestratorEventFilter(
  rolling: (serviceId: string) => boolean,
): (event: StoreEvent) => boolean {
  return (event) => {
    if (event.kind !== 'task' || event.action !== 'update' || event.oldObject === undefined) return true;
    if (taskChangeMatters(event.oldObject, event.object)) return true;
    return (
      countsAsUpdated(event.oldObject) !== countsAsUpdated(event.object) && rolling(event.object.serviceId)
    );
  };
}

function sameRecord(
  a: Readonly<Record<string, string>> | undefined,
  b: Readonly<Record<string, string>> | undefined,
): boolean {
  if (a === b) return true;
  const ak = Object.keys(a ?? {});
  const bk = Object.keys(b ?? {});
  if (ak.length !== bk.length) return false;
  for (const k of ak) if (a?.[k] !== b?.[k]) return false;
  return true;
}
