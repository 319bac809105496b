// One scheduling decision about one task, as the scheduler loop commits it: an assignment to a
// node, or the reason no node fits. Each becomes an updateTask action carrying the version the
// decision was made from, so a task the orchestrator changed meanwhile is refused, never overwritten.
import type { StoreAction } from '../../proto/gen/covey/v1/StoreAction.ts';
import type { Task, Task__Output } from '../../proto/gen/covey/v1/Task.ts';
import { TaskState } from '../../proto/gen/covey/v1/TaskState.ts';
import { timestampFromMs } from '../../proto/time.ts';

export const ASSIGNED_MESSAGE = 'scheduler assigned task to node';
export const CONFIRMED_MESSAGE = 'scheduler confirmed task can run on preassigned node';

export type Decision = AssignDecision | ExplainDecision;

export interface AssignDecision {
  readonly kind: 'assign';
  /** The task as the decision read it (its meta.version is the one expected). */
  readonly task: Task__Output;
  readonly nodeId: string;
  /** The node was chosen by the orchestrator (global service); the scheduler only confirmed it. */
  readonly preassigned: boolean;
}

export interface ExplainDecision {
  readonly kind: 'explain';
  readonly task: Task__Output;
  /** `no suitable node (3 nodes: 2 insufficient memory, 1 drained)`. */
  readonly reason: string;
  /** The loop's wake count when the reason was found: a later cluster change makes it stale. */
  readonly epoch: number;
}

/** Whether the task does not yet carry `reason`: reasons are written once per change, not per pass. */
export function needsReasonWrite(task: Task__Output, reason: string): boolean {
  return task.status?.err !== reason;
}

export function decisionAction(d: Decision, nowMs: number): StoreAction {
  const t = d.task;
  const timestamp = timestampFromMs(nowMs);
  const task: Task =
    d.kind === 'assign'
      ? {
          ...t,
          nodeId: d.nodeId,
          status: {
            ...t.status,
            state: TaskState.TASK_STATE_ASSIGNED,
            message: d.preassigned ? CONFIRMED_MESSAGE : ASSIGNED_MESSAGE,
            err: '',
            timestamp,
          },
        }
      : {
          ...t,
          // Swarm shows the reason as the task's error (`service ps`); the message says it too.
          status: {
            ...t.status,
            state: TaskState.TASK_STATE_PENDING,
            message: d.reason,
            err: d.reason,
            timestamp,
          },
        };
  return { updateTask: task, expectedVersion: t.meta?.version ?? 0 };
}
