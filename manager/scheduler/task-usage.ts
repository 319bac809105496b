// What a task takes from a node once assigned, and what it asks of one (its requirements), both
// derived once from the Task so the hot path never looks into specs.
import { PortProtocol } from '../../proto/gen/covey/v1/PortProtocol.ts';
import type { PortConfig__Output } from '../../proto/gen/covey/v1/PortConfig.ts';
import { PublishMode } from '../../proto/gen/covey/v1/PublishMode.ts';
import { RuntimeKind } from '../../proto/gen/covey/v1/RuntimeKind.ts';
import type { Task__Output } from '../../proto/gen/covey/v1/Task.ts';
import { TaskState } from '../../proto/gen/covey/v1/TaskState.ts';

export interface TaskUsage {
  readonly taskId: string;
  readonly serviceId: string;
  readonly nanoCpus: number;
  readonly memoryBytes: number;
  /** `PORT/PROTO` keys of host-mode ports with a fixed published port. */
  readonly hostPorts: readonly string[];
}

const PROTOCOL_NAMES: Readonly<Record<number, string>> = {
  [PortProtocol.PORT_PROTOCOL_TCP]: 'tcp',
  [PortProtocol.PORT_PROTOCOL_UDP]: 'udp',
  [PortProtocol.PORT_PROTOCOL_SCTP]: 'sctp',
};

export function hostPortKeys(task: Task__Output): string[] {
  const ports: readonly PortConfig__Output[] =
    task.endpoint && task.endpoint.ports.length > 0
      ? task.endpoint.ports
      : (task.endpoint?.spec?.ports ?? []);
  const keys: string[] = [];
  for (const p of ports) {
    // Port 0 is chosen by the engine per task, so it never conflicts.
    if (p.publishMode !== PublishMode.PUBLISH_MODE_HOST || p.publishedPort === 0) continue;
    const key = `${p.publishedPort}/${PROTOCOL_NAMES[p.protocol] ?? 'tcp'}`;
    if (!keys.includes(key)) keys.push(key);
  }
  return keys;
}

/** Task.runtime, falling back to the spec's oneof for tasks written without the index field. */
export function taskRuntime(task: Task__Output): number {
  if (task.runtime !== RuntimeKind.RUNTIME_KIND_UNKNOWN) return task.runtime;
  if (task.spec?.runtime === 'container') return RuntimeKind.RUNTIME_KIND_DOCKER;
  if (task.spec?.runtime === 'process') return RuntimeKind.RUNTIME_KIND_PROCESS;
  return RuntimeKind.RUNTIME_KIND_UNKNOWN;
}

/** Assigned and not yet finished: COMPLETE and later release the node's resources. */
export function holdsResources(task: Task__Output): boolean {
  return (
    task.nodeId !== '' && (task.status?.state ?? TaskState.TASK_STATE_NEW) <= TaskState.TASK_STATE_RUNNING
  );
}

export function taskUsage(task: Task__Output): TaskUsage {
  const r = task.spec?.resources?.reservations;
  return {
    taskId: task.id,
    serviceId: task.serviceId,
    nanoCpus: r?.nanoCpus ?? 0,
    memoryBytes: r?.memoryBytes ?? 0,
    hostPorts: hostPortKeys(task),
  };
}
