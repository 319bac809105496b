// Builders of fully-defaulted Node__Output / Task__Output objects (as proto-loader decodes them)
// for the scheduler tests, with only the fields a test cares about spelled out.
import type { Node__Output } from '../../../proto/gen/covey/v1/Node.ts';
import {
  NodeAvailability,
  type NodeAvailability__Output,
} from '../../../proto/gen/covey/v1/NodeAvailability.ts';
import { NodeRole, type NodeRole__Output } from '../../../proto/gen/covey/v1/NodeRole.ts';
import { NodeState, type NodeState__Output } from '../../../proto/gen/covey/v1/NodeState.ts';
import type { PortConfig__Output } from '../../../proto/gen/covey/v1/PortConfig.ts';
import { PortProtocol } from '../../../proto/gen/covey/v1/PortProtocol.ts';
import { PublishMode } from '../../../proto/gen/covey/v1/PublishMode.ts';
import type { RuntimeHealth__Output } from '../../../proto/gen/covey/v1/RuntimeHealth.ts';
import { RuntimeKind, type RuntimeKind__Output } from '../../../proto/gen/covey/v1/RuntimeKind.ts';
import type { Task__Output } from '../../../proto/gen/covey/v1/Task.ts';
import { TaskState, type TaskState__Output } from '../../../proto/gen/covey/v1/TaskState.ts';

export const GiB = 1024 ** 3;
export const MiB = 1024 ** 2;
export const CPU = 1_000_000_000;

export interface NodeOptions {
  hostname?: string;
  role?: NodeRole__Output;
  state?: NodeState__Output;
  availability?: NodeAvailability__Output;
  labels?: Record<string, string>;
  engineLabels?: Record<string, string>;
  os?: string;
  arch?: string;
  nanoCpus?: number;
  memoryBytes?: number;
  runtimes?: RuntimeKind__Output[];
  runtimeHealth?: RuntimeHealth__Output[];
}

export function makeNode(id: string, o: NodeOptions = {}): Node__Output {
  return {
    id,
    meta: null,
    spec: {
      annotations: { name: '', labels: o.labels ?? {} },
      desiredRole: o.role ?? NodeRole.NODE_ROLE_WORKER,
      availability: o.availability ?? NodeAvailability.NODE_AVAILABILITY_ACTIVE,
    },
    description: {
      hostname: o.hostname ?? `host-${id}`,
      platform: { os: o.os ?? 'linux', architecture: o.arch ?? 'x86_64' },
      resources: { nanoCpus: o.nanoCpus ?? 4 * CPU, memoryBytes: o.memoryBytes ?? 8 * GiB },
      engine: { engineVersion: '24.0.7', labels: o.engineLabels ?? {} },
      runtimes: o.runtimes ?? [RuntimeKind.RUNTIME_KIND_DOCKER, RuntimeKind.RUNTIME_KIND_PROCESS],
      coveyVersion: '0.1.0',
    },
    status: {
      state: o.state ?? NodeState.NODE_STATE_READY,
      message: '',
      addr: '10.0.0.1',
      health: { runtimes: o.runtimeHealth ?? [], diskFreeBytes: 0, loadAverage: 0, message: '' },
    },
    role: o.role ?? NodeRole.NODE_ROLE_WORKER,
    managerStatus: null,
    certificate: null,
  };
}

export interface TaskOptions {
  serviceId?: string;
  specVersion?: number;
  nodeId?: string;
  state?: TaskState__Output;
  runtime?: RuntimeKind__Output;
  nanoCpus?: number;
  memoryBytes?: number;
  constraints?: string[];
  spread?: string[];
  maxReplicasPerNode?: number;
  /** Host-mode published ports (TCP unless given as `53/udp`). */
  hostPorts?: string[];
}

export function hostPort(spec: string): PortConfig__Output {
  const [port, proto] = spec.split('/');
  return {
    name: '',
    protocol: proto === 'udp' ? PortProtocol.PORT_PROTOCOL_UDP : PortProtocol.PORT_PROTOCOL_TCP,
    targetPort: Number(port),
    publishedPort: Number(port),
    publishMode: PublishMode.PUBLISH_MODE_HOST,
  };
}

export function makeTask(id: string, o: TaskOptions = {}): Task__Output {
  const ports = (o.hostPorts ?? []).map(hostPort);
  return {
    id,
    meta: null,
    spec: {
      container: null,
      runtime: 'container',
      resources: {
        limits: null,
        reservations: { nanoCpus: o.nanoCpus ?? 0, memoryBytes: o.memoryBytes ?? 0 },
      },
      restart: null,
      placement: {
        constraints: o.constraints ?? [],
        preferences: (o.spread ?? []).map((d) => ({ preference: 'spread', spread: { spreadDescriptor: d } })),
        maxReplicasPerNode: o.maxReplicasPerNode ?? 0,
      },
      forceUpdate: 0,
    },
    specVersion: o.specVersion ?? 1,
    serviceId: o.serviceId ?? 'svc',
    slot: 0,
    nodeId: o.nodeId ?? '',
    serviceAnnotations: null,
    runtime: o.runtime ?? RuntimeKind.RUNTIME_KIND_DOCKER,
    desiredState: TaskState.TASK_STATE_RUNNING,
    status: {
      timestamp: null,
      state: o.state ?? (o.nodeId ? TaskState.TASK_STATE_RUNNING : TaskState.TASK_STATE_PENDING),
      message: '',
      err: '',
      portStatus: null,
      startedAt: null,
      health: 0,
    },
    endpoint: { spec: { ports }, ports },
  };
}

/** `n` pending tasks of one service, ids `<prefix>-<i>` zero-padded so they sort in order. */
export function replicas(prefix: string, n: number, o: TaskOptions = {}): Task__Output[] {
  return Array.from({ length: n }, (_, i) =>
    makeTask(`${prefix}-${String(i).padStart(4, '0')}`, { serviceId: prefix, ...o }),
  );
}
