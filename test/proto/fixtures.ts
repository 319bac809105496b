// Fully populated covey.v1 objects: every field reachable from Service, Task and Node is set to a
// non-default value in at least one of them (test/proto/api.test.ts checks), for round-trip tests.
import { MountType } from '../../proto/gen/covey/v1/MountType.ts';
import type { Node } from '../../proto/gen/covey/v1/Node.ts';
import { NodeAvailability } from '../../proto/gen/covey/v1/NodeAvailability.ts';
import { NodeRole } from '../../proto/gen/covey/v1/NodeRole.ts';
import { NodeState } from '../../proto/gen/covey/v1/NodeState.ts';
import { PortProtocol } from '../../proto/gen/covey/v1/PortProtocol.ts';
import { PublishMode } from '../../proto/gen/covey/v1/PublishMode.ts';
import { Reachability } from '../../proto/gen/covey/v1/Reachability.ts';
import { RestartCondition } from '../../proto/gen/covey/v1/RestartCondition.ts';
import { RuntimeKind } from '../../proto/gen/covey/v1/RuntimeKind.ts';
import type { Service } from '../../proto/gen/covey/v1/Service.ts';
import type { Task } from '../../proto/gen/covey/v1/Task.ts';
import { TaskHealth } from '../../proto/gen/covey/v1/TaskHealth.ts';
import { TaskState } from '../../proto/gen/covey/v1/TaskState.ts';
import { UpdateFailureAction } from '../../proto/gen/covey/v1/UpdateFailureAction.ts';
import { UpdateOrder } from '../../proto/gen/covey/v1/UpdateOrder.ts';
import { UpdateState } from '../../proto/gen/covey/v1/UpdateState.ts';

/** A Timestamp (or Duration) with both parts non-zero, so both survive the round trip. */
export const ts = (seconds: number, nanos = 250_000_000) => ({ seconds, nanos });
const dur = (seconds: number, nanos = 500) => ({ seconds, nanos });
const meta = (version: number) => ({ version, createdAt: ts(1_700_000_000), updatedAt: ts(1_700_000_100) });

const ports = [
  {
    name: 'dns',
    protocol: PortProtocol.PORT_PROTOCOL_UDP,
    targetPort: 53,
    publishedPort: 5353,
    publishMode: PublishMode.PUBLISH_MODE_INGRESS,
  },
];

const containerTaskSpec = {
  container: {
    image: 'busybox:1.36',
    labels: { 'app.tier': 'front' },
    entrypoint: ['/bin/sh', '-c'],
    args: ['httpd -f -p 80'],
    hostname: 'web',
    env: ['A=1', 'B=two words'],
    workdir: '/srv',
    user: '1000:1000',
    readOnly: true,
    mounts: [
      {
        type: MountType.MOUNT_TYPE_VOLUME,
        source: 'data',
        target: '/data',
        readOnly: true,
        volumeOptions: { noCopy: true, labels: { backup: 'daily' } },
        tmpfsOptions: { sizeBytes: 64 * 1024 * 1024, mode: 0o1777 },
      },
    ],
    stopSignal: 'SIGINT',
    stopGracePeriod: dur(10),
    healthcheck: {
      test: ['CMD', 'wget', '-q', 'localhost'],
      interval: dur(30),
      timeout: dur(3),
      retries: 3,
      startPeriod: dur(1),
      startInterval: dur(5),
    },
  },
  resources: {
    limits: { nanoCpus: 1_500_000_000, memoryBytes: 256 * 1024 * 1024 },
    reservations: { nanoCpus: 250_000_000, memoryBytes: 64 * 1024 * 1024 },
  },
  restart: {
    condition: RestartCondition.RESTART_CONDITION_ON_FAILURE,
    delay: dur(5),
    maxAttempts: 3,
    window: dur(120),
  },
  placement: {
    constraints: ['node.labels.zone==east', 'node.role!=manager'],
    preferences: [{ spread: { spreadDescriptor: 'node.labels.rack' } }],
    maxReplicasPerNode: 2,
  },
  forceUpdate: 4,
};

const processTaskSpec = {
  process: {
    command: '/usr/bin/python3',
    args: ['-m', 'http.server', '8000'],
    env: ['PYTHONUNBUFFERED=1'],
    workdir: '/tmp/site',
    user: 'nobody',
    stopSignal: 'SIGTERM',
    stopGracePeriod: dur(2),
    healthcheck: { test: ['CMD-SHELL', 'curl -fs localhost:8000'], interval: dur(1), retries: 2 },
  },
};

const updateConfig = {
  parallelism: 2,
  delay: dur(1),
  failureAction: UpdateFailureAction.UPDATE_FAILURE_ACTION_ROLLBACK,
  monitor: dur(5),
  maxFailureRatio: 0.1,
  order: UpdateOrder.UPDATE_ORDER_START_FIRST,
};

export const serviceFixture: Service = {
  id: 'k0sz3jvbtyb3ppfl4m7ejvbud',
  meta: meta(42),
  spec: {
    annotations: { name: 'web', labels: { 'covey.stack.namespace': 'shop' } },
    task: containerTaskSpec,
    replicated: { replicas: 6 },
    updateConfig,
    rollbackConfig: { ...updateConfig, failureAction: UpdateFailureAction.UPDATE_FAILURE_ACTION_CONTINUE },
    endpoint: { ports },
  },
  specVersion: 40,
  previousSpec: {
    annotations: { name: 'web' },
    task: processTaskSpec,
    global: {},
  },
  previousSpecVersion: 12,
  updateStatus: {
    state: UpdateState.UPDATE_STATE_ROLLBACK_PAUSED,
    startedAt: ts(1_700_000_050),
    completedAt: ts(1_700_000_090),
    message: 'update paused due to failure or early termination of task 9k2v',
  },
  endpoint: { spec: { ports }, ports },
};

export const taskFixture: Task = {
  id: 'r8w1v6x3hq7c2m9p0a5d4e1fz',
  meta: meta(43),
  spec: containerTaskSpec,
  specVersion: 40,
  serviceId: serviceFixture.id ?? '',
  slot: 3,
  nodeId: 'n1abcdefghijklmnopqrstuvw',
  serviceAnnotations: { name: 'web', labels: { 'covey.stack.namespace': 'shop' } },
  runtime: RuntimeKind.RUNTIME_KIND_DOCKER,
  desiredState: TaskState.TASK_STATE_RUNNING,
  status: {
    timestamp: ts(1_700_000_070),
    state: TaskState.TASK_STATE_FAILED,
    message: 'started',
    err: 'task: non-zero exit (137)',
    containerStatus: { containerId: 'e3b0c44298fc1c149afbf4c8996fb924', pid: 4242, exitCode: 137 },
    portStatus: { ports },
    health: TaskHealth.TASK_HEALTH_UNHEALTHY,
    startedAt: ts(1_700_000_065),
  },
  endpoint: { spec: { ports }, ports },
};

// The other member of each oneof.
export const processTaskFixture: Task = {
  ...taskFixture,
  spec: processTaskSpec,
  runtime: RuntimeKind.RUNTIME_KIND_PROCESS,
  status: { state: TaskState.TASK_STATE_COMPLETE, processStatus: { pid: 777, exitCode: 3 } },
};

export const nodeFixture: Node = {
  id: 'n1abcdefghijklmnopqrstuvw',
  meta: meta(44),
  spec: {
    annotations: { name: 'edge-1', labels: { zone: 'east' } },
    desiredRole: NodeRole.NODE_ROLE_MANAGER,
    availability: NodeAvailability.NODE_AVAILABILITY_DRAIN,
  },
  description: {
    hostname: 'host-1',
    platform: { os: 'linux', architecture: 'x86_64' },
    resources: { nanoCpus: 2_000_000_000, memoryBytes: 8 * 1024 ** 3 },
    engine: { engineVersion: '24.0.7', labels: { storage: 'ssd' } },
    runtimes: [
      RuntimeKind.RUNTIME_KIND_DOCKER,
      RuntimeKind.RUNTIME_KIND_PROCESS,
      RuntimeKind.RUNTIME_KIND_HOLLOW,
    ],
    coveyVersion: '0.1.0',
  },
  status: {
    state: NodeState.NODE_STATE_READY,
    message: 'heartbeat ok',
    addr: '10.0.0.7',
    health: {
      runtimes: [
        { runtime: RuntimeKind.RUNTIME_KIND_DOCKER, available: true, message: 'engine answered in 3ms' },
      ],
      diskFreeBytes: 12 * 1024 ** 3,
      loadAverage: 0.75,
      message: 'fine',
    },
  },
  role: NodeRole.NODE_ROLE_MANAGER,
  managerStatus: {
    raftId: 'n1abcdefghijklmnopqrstuvw',
    addr: '10.0.0.7:4240',
    leader: true,
    reachability: Reachability.REACHABILITY_REACHABLE,
  },
  certificate: {
    role: NodeRole.NODE_ROLE_MANAGER,
    notBefore: ts(1_700_000_000),
    notAfter: ts(1_707_776_000),
    serialNumber: '4f2a9c',
  },
};
