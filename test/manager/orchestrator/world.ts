// A small in-memory stand-in for the store and the agents, for orchestrator tests: builds services,
// nodes and tasks, applies OrchestratorActions the way a store batch would (versions bump, created_at
// from the fake clock), and lets a test report task states as an agent would.
import type { OrchestratorAction } from '../../../manager/orchestrator/action.ts';
import type { ConstraintMatcher } from '../../../manager/orchestrator/node-eligibility.ts';
import { timestampFromMs } from '../../../proto/time.ts';
import {
  NodeAvailability,
  type NodeAvailability__Output,
} from '../../../proto/gen/covey/v1/NodeAvailability.ts';
import type { Node__Output } from '../../../proto/gen/covey/v1/Node.ts';
import { NodeRole } from '../../../proto/gen/covey/v1/NodeRole.ts';
import { NodeState, type NodeState__Output } from '../../../proto/gen/covey/v1/NodeState.ts';
import type { RestartCondition__Output } from '../../../proto/gen/covey/v1/RestartCondition.ts';
import type { RestartPolicy__Output } from '../../../proto/gen/covey/v1/RestartPolicy.ts';
import type { Service__Output } from '../../../proto/gen/covey/v1/Service.ts';
import type { Task__Output } from '../../../proto/gen/covey/v1/Task.ts';
import { TaskState, type TaskState__Output } from '../../../proto/gen/covey/v1/TaskState.ts';

export const T0 = 1_700_000_000_000;

export interface RestartOptions {
  condition?: RestartCondition__Output;
  delayMs?: number | null;
  maxAttempts?: number;
  windowMs?: number | null;
}

const dur = (ms: number) => ({ seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1_000_000 });

export function makeService(o: {
  id?: string;
  replicas?: number;
  global?: boolean;
  restart?: RestartOptions;
  constraints?: string[];
  specVersion?: number;
}): Service__Output {
  let restart: RestartPolicy__Output | null = null;
  if (o.restart !== undefined) {
    restart = {
      condition: o.restart.condition ?? 0,
      delay: o.restart.delayMs === null || o.restart.delayMs === undefined ? null : dur(o.restart.delayMs),
      maxAttempts: o.restart.maxAttempts ?? 0,
      window:
        o.restart.windowMs === null || o.restart.windowMs === undefined ? null : dur(o.restart.windowMs),
    };
  }
  const mode = o.global
    ? ({ mode: 'global', global: {} } as const)
    : ({ mode: 'replicated', replicated: { replicas: o.replicas ?? 1 } } as const);
  return {
    id: o.id ?? 'svc',
    meta: { version: 1, createdAt: timestampFromMs(T0), updatedAt: timestampFromMs(T0) },
    spec: {
      annotations: { name: 'web', labels: { tier: 'front' } },
      task: {
        runtime: 'process',
        process: {
          command: 'sleep',
          args: ['1000'],
          env: [],
          workdir: '',
          user: '',
          stopSignal: '',
          stopGracePeriod: null,
          healthcheck: null,
        },
        resources: null,
        restart,
        placement: { constraints: o.constraints ?? [], preferences: [], maxReplicasPerNode: 0 },
        forceUpdate: 0,
      },
      ...mode,
      updateConfig: null,
      rollbackConfig: null,
      endpoint: null,
    },
    specVersion: o.specVersion ?? 1,
    previousSpec: null,
    previousSpecVersion: 0,
    updateStatus: null,
    endpoint: null,
  };
}

export function makeNode(
  id: string,
  o: {
    state?: NodeState__Output;
    availability?: NodeAvailability__Output;
    labels?: Record<string, string>;
  } = {},
): Node__Output {
  return {
    id,
    meta: { version: 1, createdAt: timestampFromMs(T0), updatedAt: timestampFromMs(T0) },
    spec: {
      annotations: { name: '', labels: o.labels ?? {} },
      desiredRole: NodeRole.NODE_ROLE_WORKER,
      availability: o.availability ?? NodeAvailability.NODE_AVAILABILITY_ACTIVE,
    },
    description: null,
    status: { state: o.state ?? NodeState.NODE_STATE_READY, message: '', addr: '', health: null },
    role: NodeRole.NODE_ROLE_WORKER,
    managerStatus: null,
    certificate: null,
  };
}

/** `node.labels.K==V` and `node.labels.K!=V` only: the scheduler owns the real parser. */
export const labelMatcher: ConstraintMatcher = (node, constraints) =>
  constraints.every((c) => {
    const m = /^node\.labels\.([^=!]+)(==|!=)(.*)$/.exec(c);
    if (m === null) throw new Error(`test matcher cannot read ${c}`);
    const value = node.spec?.annotations?.labels[m[1] ?? ''];
    return m[2] === '==' ? value === m[3] : value !== m[3];
  });

/** Deterministic ids: t001, t002, ... */
export function idSequence(prefix = 't'): () => string {
  let n = 0;
  return () => `${prefix}${String(++n).padStart(3, '0')}`;
}

/** The store and agents, reduced to what orchestrator tests need. */
export class World {
  tasks = new Map<string, Task__Output>();
  nodes = new Map<string, Node__Output>();
  now = T0;
  private version = 100;

  taskList(): Task__Output[] {
    return [...this.tasks.values()];
  }

  apply(actions: readonly OrchestratorAction[]): void {
    for (const a of actions) {
      const version = ++this.version;
      if (a.kind === 'create-task') {
        if (this.tasks.has(a.task.id)) throw new Error(`duplicate task id ${a.task.id}`);
        this.tasks.set(a.task.id, { ...structuredClone(a.task), meta: { ...a.task.meta!, version } });
      } else if (a.kind === 'set-desired-state') {
        const t = this.get(a.taskId);
        if (t.meta?.version !== a.version) throw new Error(`stale version for ${a.taskId}`);
        if (a.desiredState < t.desiredState) throw new Error(`desired state of ${a.taskId} moved backwards`);
        this.tasks.set(a.taskId, { ...t, desiredState: a.desiredState, meta: { ...t.meta!, version } });
      } else if (a.kind === 'delete-task') {
        this.get(a.taskId);
        this.tasks.delete(a.taskId);
      } else {
        throw new Error(`the world holds no services: cannot apply ${a.kind}`);
      }
    }
  }

  /** An agent (or the scheduler, up to ASSIGNED) reports a state, stamped with the fake clock. */
  report(taskId: string, state: TaskState__Output, nodeId?: string): void {
    const t = this.get(taskId);
    const version = ++this.version;
    this.tasks.set(taskId, {
      ...t,
      nodeId: nodeId ?? t.nodeId,
      status: {
        ...t.status!,
        state,
        timestamp: timestampFromMs(this.now),
        // As the dispatcher stamps it: the first RUNNING report, kept.
        startedAt:
          t.status?.startedAt ?? (state === TaskState.TASK_STATE_RUNNING ? timestampFromMs(this.now) : null),
      },
      meta: { ...t.meta!, version },
    });
  }

  /** Places every unplaced live task round-robin on ready active nodes and runs it. */
  scheduleAndRun(): void {
    const nodes = [...this.nodes.values()]
      .filter(
        (n) =>
          n.status?.state === NodeState.NODE_STATE_READY &&
          n.spec?.availability === NodeAvailability.NODE_AVAILABILITY_ACTIVE,
      )
      .map((n) => n.id)
      .sort();
    let i = 0;
    for (const t of this.taskList().sort((a, b) => (a.id < b.id ? -1 : 1))) {
      if (
        t.desiredState > TaskState.TASK_STATE_RUNNING ||
        (t.status?.state ?? 0) >= TaskState.TASK_STATE_RUNNING
      ) {
        continue;
      }
      const node = t.nodeId !== '' ? t.nodeId : nodes[i++ % nodes.length];
      if (node === undefined) continue;
      // A held task is placed and prepared but not started.
      const state =
        t.desiredState === TaskState.TASK_STATE_READY
          ? TaskState.TASK_STATE_READY
          : TaskState.TASK_STATE_RUNNING;
      this.report(t.id, state, node);
    }
  }

  get(id: string): Task__Output {
    const t = this.tasks.get(id);
    if (t === undefined) throw new Error(`no task ${id}`);
    return t;
  }

  /** Live tasks (desired ≤ RUNNING, not ended) by slot (0 for global), for assertions. */
  liveBySlot(serviceId = 'svc'): Map<number, Task__Output[]> {
    const out = new Map<number, Task__Output[]>();
    for (const t of this.taskList()) {
      if (t.serviceId !== serviceId) continue;
      if (
        t.desiredState > TaskState.TASK_STATE_RUNNING ||
        (t.status?.state ?? 0) > TaskState.TASK_STATE_RUNNING
      )
        continue;
      out.set(t.slot, [...(out.get(t.slot) ?? []), t]);
    }
    return out;
  }
}
