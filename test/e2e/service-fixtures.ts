// Specs and task queries shared by the integration tests.
import type { ControlClient } from '../../cli/control-client.ts';
import type { ServiceSpec } from '../../proto/gen/covey/v1/ServiceSpec.ts';
import type { Task__Output } from '../../proto/gen/covey/v1/Task.ts';
import type { Node__Output } from '../../proto/gen/covey/v1/Node.ts';
import { NodeRole } from '../../proto/gen/covey/v1/NodeRole.ts';
import { NodeState } from '../../proto/gen/covey/v1/NodeState.ts';
import { TaskState } from '../../proto/gen/covey/v1/TaskState.ts';

export const IMAGE = 'covey-test/busybox:1';

export function replicated(name: string, replicas: number, extra: Partial<ServiceSpec> = {}): ServiceSpec {
  return {
    annotations: { name },
    task: { container: { image: IMAGE } },
    replicated: { replicas },
    ...extra,
  };
}

export function global(name: string): ServiceSpec {
  return { annotations: { name }, task: { container: { image: IMAGE } }, global: {} };
}

/** The service's tasks that should be running (desired RUNNING), and of those the RUNNING ones. */
export async function serviceTasks(
  control: ControlClient,
  serviceId: string,
): Promise<{ all: Task__Output[]; wanted: Task__Output[]; running: Task__Output[] }> {
  const all: Task__Output[] = [];
  let pageToken = '';
  do {
    const page = await control.listTasks({ filters: { serviceIds: [serviceId] }, pageToken, pageSize: 1000 });
    all.push(...page.tasks);
    pageToken = page.nextPageToken;
  } while (pageToken !== '');
  const wanted = all.filter((t) => t.desiredState === TaskState.TASK_STATE_RUNNING);
  const running = wanted.filter((t) => t.status?.state === TaskState.TASK_STATE_RUNNING);
  return { all, wanted, running };
}

/** Counts per node id. */
export function perNode(tasks: readonly Task__Output[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of tasks) m.set(t.nodeId, (m.get(t.nodeId) ?? 0) + 1);
  return m;
}

/** Workers reporting READY (managers started with `--runtime none` are READY too, but run nothing). */
export function readyWorkers(nodes: readonly Node__Output[]): number {
  return nodes.filter(
    (n) => n.role === NodeRole.NODE_ROLE_WORKER && n.status?.state === NodeState.NODE_STATE_READY,
  ).length;
}
