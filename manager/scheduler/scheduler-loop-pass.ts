// One scheduling pass over the pending tasks the loop gathered, without I/O: preassigned tasks are
// confirmed first (a global service's task claims its node before others fill it, as SwarmKit),
// then scheduleBatch places the rest. Every assignment is accounted in the NodeSet. Unschedulable
// tasks already carrying their reason produce no write: they only wait.
import type { Task__Output } from '../../proto/gen/covey/v1/Task.ts';
import type { NodeSet } from './node-set.ts';
import { scheduleBatch } from './schedule-batch.ts';
import { type Decision, needsReasonWrite } from './scheduler-loop-decision.ts';
import { pendingKind } from './scheduler-loop-pending.ts';
import { confirmPreassigned } from './scheduler-loop-preassigned.ts';

export interface PassResult {
  /** What to commit: assignments, and reasons that changed. */
  readonly decisions: Decision[];
  /** Unschedulable tasks whose stored reason is still right. */
  readonly unchanged: { readonly task: Task__Output; readonly reason: string }[];
}

/** `tasks` must all be pending (see pendingKind); `epoch` stamps the reasons found. */
export function runPass(
  tasks: ReadonlyMap<string, Task__Output>,
  nodeSet: NodeSet,
  epoch: number,
): PassResult {
  const out: PassResult = { decisions: [], unchanged: [] };
  const explain = (task: Task__Output, reason: string): void => {
    if (needsReasonWrite(task, reason)) out.decisions.push({ kind: 'explain', task, reason, epoch });
    else out.unchanged.push({ task, reason });
  };
  const place: Task__Output[] = [];
  for (const t of tasks.values()) {
    if (pendingKind(t) === 'place') {
      place.push(t);
      continue;
    }
    const c = confirmPreassigned(t, nodeSet);
    if (c.ok) out.decisions.push({ kind: 'assign', task: t, nodeId: t.nodeId, preassigned: true });
    else explain(t, c.reason);
  }
  const result = scheduleBatch(place, nodeSet);
  for (const a of result.assignments) {
    const task = tasks.get(a.taskId);
    if (task !== undefined)
      out.decisions.push({ kind: 'assign', task, nodeId: a.nodeId, preassigned: false });
  }
  for (const u of result.unschedulable) {
    const task = tasks.get(u.taskId);
    if (task !== undefined) explain(task, u.reason);
  }
  return out;
}
