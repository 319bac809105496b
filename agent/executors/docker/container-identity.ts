// How a task's container is named and labelled, so that the engine itself records which task, service
// and node a container belongs to and a restarted agent finds its containers again (adoption).
import type { Task__Output } from '../../../proto/gen/covey/v1/Task.ts';
import type { Workload } from '../executor.ts';

export const COVEY_LABELS = Object.freeze({
  taskId: 'covey.task.id',
  serviceId: 'covey.service.id',
  serviceName: 'covey.service.name',
  nodeId: 'covey.node.id',
  slot: 'covey.slot',
});

/**
 * `<service>.<slot>.<task id>` as Swarm names them; a global service's task (slot 0) is named for its
 * node instead: `<service>.<node id>.<task id>`.
 */
export function containerName(task: Task__Output, nodeId: string): string {
  const service = task.serviceAnnotations?.name || task.serviceId || 'task';
  const middle = task.slot > 0 ? String(task.slot) : task.nodeId || nodeId;
  return `${service}.${middle}.${task.id}`;
}

/** The labels covey puts on every container of a task; they win over the spec's labels. */
export function coveyLabels(task: Task__Output, nodeId: string): Record<string, string> {
  return {
    [COVEY_LABELS.taskId]: task.id,
    [COVEY_LABELS.serviceId]: task.serviceId,
    [COVEY_LABELS.serviceName]: task.serviceAnnotations?.name ?? '',
    [COVEY_LABELS.nodeId]: nodeId,
    [COVEY_LABELS.slot]: String(task.slot),
  };
}

/** The engine filter that selects every container covey made for this node. */
export function nodeLabelFilter(nodeId: string): string {
  return `${COVEY_LABELS.nodeId}=${nodeId}`;
}

export function taskLabelFilter(taskId: string): string {
  return `${COVEY_LABELS.taskId}=${taskId}`;
}

/** The workload a container's labels describe, or undefined for a container covey did not label. */
export function workloadFromLabels(
  labels: Readonly<Record<string, string>> | undefined,
  running: boolean,
): Workload | undefined {
  const taskId = labels?.[COVEY_LABELS.taskId];
  if (taskId === undefined || taskId === '') return undefined;
  return { taskId, serviceId: labels?.[COVEY_LABELS.serviceId] ?? '', running };
}
