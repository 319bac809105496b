// Builders of fully-defaulted Task__Output / TaskStatus__Output for the dispatcher tests.
import { RuntimeKind } from '../../../proto/gen/covey/v1/RuntimeKind.ts';
import type { Task__Output } from '../../../proto/gen/covey/v1/Task.ts';
import { TaskHealth, type TaskHealth__Output } from '../../../proto/gen/covey/v1/TaskHealth.ts';
import { TaskState, type TaskState__Output } from '../../../proto/gen/covey/v1/TaskState.ts';
import type { TaskStatus__Output } from '../../../proto/gen/covey/v1/TaskStatus.ts';

export function makeStatus(
  state: TaskState__Output,
  o: { message?: string; health?: TaskHealth__Output } = {},
): TaskStatus__Output {
  return {
    timestamp: null,
    state,
    message: o.message ?? '',
    err: '',
    portStatus: null,
    startedAt: null,
    health: o.health ?? TaskHealth.TASK_HEALTH_NONE,
  };
}

export interface TaskOptions {
  nodeId?: string;
  state?: TaskState__Output;
  desiredState?: TaskState__Output;
  specVersion?: number;
}

export function makeTask(id: string, o: TaskOptions = {}): Task__Output {
  return {
    id,
    meta: null,
    spec: null,
    specVersion: o.specVersion ?? 1,
    serviceId: 'svc',
    slot: 1,
    nodeId: o.nodeId ?? 'n1',
    serviceAnnotations: null,
    runtime: RuntimeKind.RUNTIME_KIND_HOLLOW,
    desiredState: o.desiredState ?? TaskState.TASK_STATE_RUNNING,
    status: makeStatus(o.state ?? TaskState.TASK_STATE_ASSIGNED),
    endpoint: null,
  };
}

/** Session IDs s1, s2, … so tests can name them. */
export function sequentialIds(prefix = 's'): () => string {
  let n = 0;
  return () => `${prefix}${++n}`;
}
