// Confirming a preassigned task (a global service's task, created for one node): the node must pass
// the same filters a placement would, counting every task on it but this one. The NodeSet already
// accounts the task on its node (it holds resources once it names one), and keeps doing so.
import type { Task__Output } from '../../proto/gen/covey/v1/Task.ts';
import { SchedulerError } from './errors.ts';
import type { NodeSet } from './node-set.ts';
import { Pipeline } from './pipeline.ts';
import { taskRequirements } from './task-requirements.ts';
import { taskUsage } from './task-usage.ts';

export type Confirmation = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export function confirmPreassigned(task: Task__Output, nodeSet: NodeSet): Confirmation {
  const nodeId = task.nodeId;
  const info = nodeSet.get(nodeId);
  if (info === undefined) return { ok: false, reason: `node ${nodeId} not found` };
  let pipeline: Pipeline;
  try {
    pipeline = new Pipeline(taskRequirements(task));
  } catch (err) {
    if (!(err instanceof SchedulerError)) throw err;
    return { ok: false, reason: err.message };
  }
  nodeSet.removeTask(task.id);
  const why = pipeline.explain(info);
  nodeSet.account(nodeId, taskUsage(task));
  return why === undefined
    ? { ok: true }
    : { ok: false, reason: `node ${nodeId} cannot run the task: ${why}` };
}
