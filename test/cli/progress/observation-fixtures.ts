// Services, tasks and observations for the progress tests, as the control API returns them.
import type { ServiceObservation } from '../../../cli/progress/service-observation.ts';
import type { Service__Output } from '../../../proto/gen/covey/v1/Service.ts';
import type { Task__Output } from '../../../proto/gen/covey/v1/Task.ts';
import type { TaskStatus__Output } from '../../../proto/gen/covey/v1/TaskStatus.ts';
import { TaskHealth } from '../../../proto/gen/covey/v1/TaskHealth.ts';
import { TaskState } from '../../../proto/gen/covey/v1/TaskState.ts';
import type { UpdateStatus__Output } from '../../../proto/gen/covey/v1/UpdateStatus.ts';

export const { RUNNING, PENDING, PREPARING, FAILED, SHUTDOWN, ASSIGNED, COMPLETE } = {
  RUNNING: TaskState.TASK_STATE_RUNNING,
  PENDING: TaskState.TASK_STATE_PENDING,
  PREPARING: TaskState.TASK_STATE_PREPARING,
  FAILED: TaskState.TASK_STATE_FAILED,
  SHUTDOWN: TaskState.TASK_STATE_SHUTDOWN,
  ASSIGNED: TaskState.TASK_STATE_ASSIGNED,
  COMPLETE: TaskState.TASK_STATE_COMPLETE,
};

export function service(
  o: {
    replicas?: number;
    global?: boolean;
    specVersion?: number;
    updateStatus?: UpdateStatus__Output | null;
  } = {},
): Service__Output {
  return {
    id: 'svc1',
    meta: { version: 10, createdAt: null, updatedAt: null },
    spec: {
      annotations: { name: 'web', labels: {} },
      task: null,
      ...(o.global
        ? { global: {}, mode: 'global' as const }
        : { replicated: { replicas: o.replicas ?? 2 }, mode: 'replicated' as const }),
      updateConfig: null,
      rollbackConfig: null,
      endpoint: null,
    },
    specVersion: o.specVersion ?? 5,
    previousSpec: null,
    previousSpecVersion: 0,
    updateStatus: o.updateStatus ?? null,
    endpoint: null,
  };
}

let created = 0;

export interface TaskOptions {
  id: string;
  slot?: number;
  nodeId?: string;
  state?: number;
  desired?: number;
  version?: number;
  err?: string;
  health?: number;
  healthcheck?: boolean;
  exitCode?: number;
}

export function task(o: TaskOptions): Task__Output {
  created++;
  return {
    id: o.id,
    meta: { version: created, createdAt: { seconds: 1_700_000_000 + created, nanos: 0 }, updatedAt: null },
    spec: {
      container: {
        image: 'busybox',
        labels: {},
        entrypoint: [],
        args: [],
        hostname: '',
        env: [],
        workdir: '',
        user: '',
        readOnly: false,
        mounts: [],
        stopSignal: '',
        stopGracePeriod: null,
        healthcheck: o.healthcheck
          ? {
              test: ['CMD', 'true'],
              interval: null,
              timeout: null,
              retries: 0,
              startPeriod: null,
              startInterval: null,
            }
          : null,
      },
      runtime: 'container',
      resources: null,
      restart: null,
      placement: null,
      forceUpdate: 0,
    },
    specVersion: o.version ?? 5,
    serviceId: 'svc1',
    slot: o.slot ?? 0,
    nodeId: o.nodeId ?? 'n1',
    serviceAnnotations: null,
    runtime: 1,
    desiredState: (o.desired ?? TaskState.TASK_STATE_RUNNING) as Task__Output['desiredState'],
    status: {
      timestamp: null,
      startedAt: null,
      state: (o.state ?? TaskState.TASK_STATE_RUNNING) as TaskStatus__Output['state'],
      message: '',
      err: o.err ?? '',
      ...(o.exitCode !== undefined
        ? { containerStatus: { containerId: 'c', pid: 0, exitCode: o.exitCode } }
        : {}),
      portStatus: null,
      health: (o.health ?? TaskHealth.TASK_HEALTH_NONE) as TaskStatus__Output['health'],
    },
    endpoint: null,
  } satisfies Task__Output;
}

export function observation(
  svc: Service__Output,
  tasks: Task__Output[],
  o: { globalDesired?: number; down?: string[] } = {},
): ServiceObservation {
  const ids = new Set(tasks.map((t) => t.nodeId).filter((id) => id !== ''));
  return {
    service: svc,
    tasks,
    globalDesired: o.globalDesired,
    nodes: new Map(
      [...ids].map((id) => [id, { hostname: `host-${id}`, down: o.down?.includes(id) ?? false }]),
    ),
  };
}

export function status(state: number, message: string, startedAtSeconds?: number): UpdateStatus__Output {
  return {
    state: state as UpdateStatus__Output['state'],
    startedAt: startedAtSeconds === undefined ? null : { seconds: startedAtSeconds, nanos: 0 },
    completedAt: null,
    message,
  };
}
