// The scheduler's decision for a batch of pending tasks: pure, no store, no clock. Tasks are
// grouped by service and spec version; each group filters the nodes once, builds its decision tree
// and heaps once, then places its tasks one by one, accounting each placement in the NodeSet so the
// next task (and the next group) sees it.
import type { Task__Output } from '../../proto/gen/covey/v1/Task.ts';
import { DecisionTree } from './decision-tree.ts';
import { SchedulerError } from './errors.ts';
import type { NodeInfo } from './node-info.ts';
import type { NodeSet } from './node-set.ts';
import { Pipeline } from './pipeline.ts';
import { type TaskRequirements, taskGroupKey, taskRequirements } from './task-requirements.ts';

export interface Assignment {
  readonly taskId: string;
  readonly nodeId: string;
}

export interface Unschedulable {
  readonly taskId: string;
  /** For TaskStatus.err (`no suitable node (3 nodes: 2 insufficient memory, 1 drained)`). */
  readonly reason: string;
}

export interface ScheduleResult {
  readonly assignments: Assignment[];
  readonly unschedulable: Unschedulable[];
}

/**
 * Places `pendingTasks` (unassigned) on the nodes of `nodeSet` and records every assignment in
 * `nodeSet`. If the caller fails to commit an assignment it must `nodeSet.removeTask(taskId)`.
 * Groups run in order of first appearance, tasks within a group in input order; the result depends
 * only on the inputs (not on node insertion order).
 */
export function scheduleBatch(pendingTasks: readonly Task__Output[], nodeSet: NodeSet): ScheduleResult {
  const groups = new Map<string, Task__Output[]>();
  for (const t of pendingTasks) {
    const key = taskGroupKey(t);
    const g = groups.get(key);
    if (g === undefined) groups.set(key, [t]);
    else g.push(t);
  }
  const result: ScheduleResult = { assignments: [], unschedulable: [] };
  nodeSet.ordered(); // sets every node's rank, the heaps' tie-break
  // One candidate array reused by every group: allocating 10,000 slots per group dominated GC.
  const scratch: NodeInfo[] = [];
  for (const tasks of groups.values()) scheduleGroup(tasks, nodeSet, scratch, result);
  return result;
}

function scheduleGroup(
  tasks: readonly Task__Output[],
  nodeSet: NodeSet,
  eligible: NodeInfo[],
  out: ScheduleResult,
): void {
  const first = tasks[0];
  if (first === undefined) return;
  let req: TaskRequirements;
  try {
    req = taskRequirements(first);
  } catch (err) {
    if (!(err instanceof SchedulerError)) throw err;
    for (const t of tasks) out.unschedulable.push({ taskId: t.id, reason: err.message });
    return;
  }
  const pipeline = new Pipeline(req);
  eligible.length = 0;
  const candidates = nodeSet.eligibleFor(req.runtime);
  const checkConstraints = req.constraints.length > 0;
  // Without preferences only nodes that fit now matter, so one pass filters everything and the
  // tree is a single heap; with preferences, full nodes still count towards their branch.
  const checkFit = req.preferences.length === 0 && pipeline.dynamicFilters.length > 0;
  for (const info of candidates) {
    if (checkConstraints && !pipeline.matchesConstraints(info)) continue;
    if (checkFit && !pipeline.fitsNow(info)) continue;
    info.groupServiceTasks = 0;
    eligible.push(info);
  }
  // Only nodes already running the service have a count to seed; the rest stay at 0.
  for (const info of nodeSet.nodesOfService(req.serviceId)) {
    info.groupServiceTasks = info.serviceTaskCount(req.serviceId);
  }
  const tree = new DecisionTree(
    eligible,
    req.preferences,
    req.preferences.length === 0 ? undefined : (info) => pipeline.fitsNow(info),
  );
  let reason: string | undefined;
  for (const t of tasks) {
    const leaf = tree.pick();
    const info = leaf?.heap?.peek();
    if (leaf === undefined || info === undefined) {
      reason ??= pipeline.explainNoSuitableNode(nodeSet.ordered());
      out.unschedulable.push({ taskId: t.id, reason });
      continue;
    }
    nodeSet.account(info.id, {
      taskId: t.id,
      serviceId: req.serviceId,
      nanoCpus: req.nanoCpus,
      memoryBytes: req.memoryBytes,
      hostPorts: req.hostPorts,
    });
    out.assignments.push({ taskId: t.id, nodeId: info.id });
    tree.placed(leaf, pipeline.fitsNow(info));
  }
}
