// Tasks as the dispatcher sends them, for agent tests.
import type { Task__Output } from '../../proto/gen/covey/v1/Task.ts';
import { RuntimeKind } from '../../proto/gen/covey/v1/RuntimeKind.ts';
import { TaskState, type TaskState__Output } from '../../proto/gen/covey/v1/TaskState.ts';

export interface TaskOptions {
  readonly desired?: TaskState__Output;
  readonly state?: TaskState__Output;
  readonly labels?: Record<string, string>;
  readonly graceSeconds?: number;
}

export function makeTask(id: string, options: TaskOptions = {}): Task__Output {
  return {
    id,
    meta: null,
    spec: {
      container: {
        image: 'busybox',
        labels: options.labels ?? {},
        entrypoint: [],
        args: [],
        hostname: '',
        env: [],
        workdir: '',
        user: '',
        readOnly: false,
        mounts: [],
        stopSignal: '',
        stopGracePeriod:
          options.graceSeconds === undefined ? null : { seconds: options.graceSeconds, nanos: 0 },
        healthcheck: null,
      },
      resources: null,
      restart: null,
      placement: null,
      forceUpdate: 0,
      runtime: 'container',
    },
    specVersion: 1,
    serviceId: 'svc1',
    slot: 1,
    nodeId: 'node1',
    serviceAnnotations: { name: 'web', labels: {} },
    runtime: RuntimeKind.RUNTIME_KIND_HOLLOW,
    desiredState: options.desired ?? TaskState.TASK_STATE_RUNNING,
    status: {
      timestamp: null,
      state: options.state ?? TaskState.TASK_STATE_ASSIGNED,
      message: 'assigned',
      err: '',
      portStatus: null,
      startedAt: null,
      health: 0,
    },
    endpoint: null,
  };
}
