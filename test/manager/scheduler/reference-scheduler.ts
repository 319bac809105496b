// A brute-force scheduler implementing the same rules as scheduleBatch the slow, obvious way: every
// task re-runs every Filter object over every node and re-derives the spread tree from scratch.
// The randomized test holds scheduleBatch's heaps, caches and hand-inlined checks against it.
import { FILTERS } from '../../../manager/scheduler/filters.ts';
import type { NodeInfo } from '../../../manager/scheduler/node-info.ts';
import type { NodeSet } from '../../../manager/scheduler/node-set.ts';
import { Pipeline } from '../../../manager/scheduler/pipeline.ts';
import type { ScheduleResult } from '../../../manager/scheduler/schedule-batch.ts';
import { spreadValue } from '../../../manager/scheduler/spread-descriptor.ts';
import {
  type TaskRequirements,
  taskGroupKey,
  taskRequirements,
} from '../../../manager/scheduler/task-requirements.ts';
import type { Task__Output } from '../../../proto/gen/covey/v1/Task.ts';

function passes(node: NodeInfo, req: TaskRequirements, dynamic: boolean): boolean {
  return FILTERS.every((f) => f.dynamic !== dynamic || !f.enabled(req) || f.check(node, req) === undefined);
}

export function referenceSchedule(tasks: readonly Task__Output[], nodeSet: NodeSet): ScheduleResult {
  const groups = new Map<string, Task__Output[]>();
  for (const task of tasks) {
    const key = taskGroupKey(task);
    groups.set(key, [...(groups.get(key) ?? []), task]);
  }
  const out: ScheduleResult = { assignments: [], unschedulable: [] };
  for (const group of groups.values()) {
    const req = taskRequirements(group[0] as Task__Output);
    for (const task of group) {
      const all = [...nodeSet.nodes()];
      let eligible = all.filter((n) => passes(n, req, false));
      let fitting = eligible.filter((n) => passes(n, req, true));
      if (fitting.length === 0) {
        out.unschedulable.push({ taskId: task.id, reason: new Pipeline(req).explainNoSuitableNode(all) });
        continue;
      }
      for (const d of req.preferences) {
        const values = [...new Set(fitting.map((n) => spreadValue(n, d)))].sort();
        const load = (v: string) =>
          eligible
            .filter((n) => spreadValue(n, d) === v)
            .reduce((s, n) => s + n.serviceTaskCount(req.serviceId), 0);
        let best = values[0] as string;
        for (const v of values) if (load(v) < load(best)) best = v;
        eligible = eligible.filter((n) => spreadValue(n, d) === best);
        fitting = fitting.filter((n) => spreadValue(n, d) === best);
      }
      fitting.sort(
        (a, b) =>
          a.serviceTaskCount(req.serviceId) - b.serviceTaskCount(req.serviceId) ||
          a.taskCount - b.taskCount ||
          (a.id < b.id ? -1 : 1),
      );
      const chosen = fitting[0] as NodeInfo;
      nodeSet.account(chosen.id, {
        taskId: task.id,
        serviceId: req.serviceId,
        nanoCpus: req.nanoCpus,
        memoryBytes: req.memoryBytes,
        hostPorts: req.hostPorts,
      });
      out.assignments.push({ taskId: task.id, nodeId: chosen.id });
    }
  }
  return out;
}
