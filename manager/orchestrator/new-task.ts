// Builds a task from a service's template: for a slot (replicated) or a node (global). The copy is
// deep so later changes to the service never reach an existing task; the id comes from an injected
// generator so reconciliation is deterministic under test.
import { RuntimeKind, type RuntimeKind__Output } from '../../proto/gen/covey/v1/RuntimeKind.ts';
import type { Service__Output } from '../../proto/gen/covey/v1/Service.ts';
import type { Task__Output } from '../../proto/gen/covey/v1/Task.ts';
import { TaskHealth } from '../../proto/gen/covey/v1/TaskHealth.ts';
import { TaskState, type TaskState__Output } from '../../proto/gen/covey/v1/TaskState.ts';
import type { TaskSpec__Output } from '../../proto/gen/covey/v1/TaskSpec.ts';
import { ServiceSpecMissingError } from './errors.ts';
import { timestampFromMs } from '../../proto/time.ts';

/** Returns a fresh, unique task id (25 base-36 characters in production; anything unique in tests). */
export type TaskIdGenerator = () => string;

export interface NewTaskOptions {
  readonly service: Service__Output;
  /** 1..replicas for a replicated service; 0 for a global one. */
  readonly slot: number;
  /** The node of a global service's task; '' lets the scheduler place it. */
  readonly nodeId: string;
  readonly now: number;
  readonly newId: TaskIdGenerator;
  /** RUNNING, or READY for a replacement held by its restart delay. */
  readonly desiredState?: TaskState__Output;
}

export function runtimeOf(spec: TaskSpec__Output): RuntimeKind__Output {
  if (spec.runtime === 'container') return RuntimeKind.RUNTIME_KIND_DOCKER;
  if (spec.runtime === 'process') return RuntimeKind.RUNTIME_KIND_PROCESS;
  return RuntimeKind.RUNTIME_KIND_UNKNOWN;
}

export function newTask(o: NewTaskOptions): Task__Output {
  const spec = o.service.spec;
  if (spec === null) throw new ServiceSpecMissingError(o.service.id, 'spec');
  if (spec.task === null) throw new ServiceSpecMissingError(o.service.id, 'spec.task');
  const now = timestampFromMs(o.now);
  return {
    id: o.newId(),
    // The store stamps the version when the entry applies; created_at is the leader's clock now,
    // which is also what a held replacement's restart delay counts from.
    meta: { version: 0, createdAt: now, updatedAt: { ...now } },
    spec: structuredClone(spec.task),
    specVersion: o.service.specVersion,
    serviceId: o.service.id,
    slot: o.slot,
    nodeId: o.nodeId,
    serviceAnnotations: structuredClone(spec.annotations),
    runtime: runtimeOf(spec.task),
    desiredState: o.desiredState ?? TaskState.TASK_STATE_RUNNING,
    status: {
      timestamp: { ...now },
      // Straight to PENDING: covey has no allocation step between NEW and PENDING (SwarmKit's
      // allocator assigns network resources there), so the scheduler takes the task at once.
      state: TaskState.TASK_STATE_PENDING,
      message: 'pending task scheduling',
      err: '',
      portStatus: null,
      startedAt: null,
      health: TaskHealth.TASK_HEALTH_NONE,
    },
    endpoint: {
      spec: structuredClone(spec.endpoint),
      ports: structuredClone(o.service.endpoint?.ports ?? []),
    },
  };
}
