// The rules for an agent's task status report: only the node a task is assigned to may report on
// it, a state only moves forward (TaskState numbers are lifecycle order), and an ended task stays
// ended. Refusals are reasons to ignore the update (dispatcher.proto: the agent must not retry).
import type { Task__Output } from '../../proto/gen/covey/v1/Task.ts';
import { TaskState, type TaskState__Output } from '../../proto/gen/covey/v1/TaskState.ts';
import type { TaskStatus__Output } from '../../proto/gen/covey/v1/TaskStatus.ts';
import type { TaskStatusUpdate__Output } from '../../proto/gen/covey/v1/TaskStatusUpdate.ts';
import {
  DuplicateStatusError,
  MissingStatusError,
  type StatusUpdateRefusedError,
  StateRegressionError,
  TaskNotOnNodeError,
  TerminalStateError,
  UnknownTaskError,
} from './errors.ts';

export type StatusUpdateDecision =
  | { readonly kind: 'apply'; readonly status: TaskStatus__Output }
  | { readonly kind: 'ignore'; readonly reason: StatusUpdateRefusedError };

/** COMPLETE, SHUTDOWN, FAILED, REJECTED, REMOVE, ORPHANED: nothing moves a task out of these. */
export function isTerminalState(state: TaskState__Output): boolean {
  return state > TaskState.TASK_STATE_RUNNING;
}

function sameStatus(a: TaskStatus__Output, b: TaskStatus__Output): boolean {
  return (
    a.state === b.state &&
    a.message === b.message &&
    a.err === b.err &&
    a.health === b.health &&
    a.runtimeStatus === b.runtimeStatus
  );
}

/**
 * Decides one update from `nodeId` against the stored task (undefined when it is not in the store).
 * The same state is accepted when something else changed (health, message) — a RUNNING task
 * turning unhealthy is news — but an exact repeat is ignored so it costs no Raft entry.
 */
export function validateStatusUpdate(
  nodeId: string,
  task: Task__Output | undefined,
  update: TaskStatusUpdate__Output,
): StatusUpdateDecision {
  if (task === undefined) return ignore(new UnknownTaskError(update.taskId));
  if (task.nodeId !== nodeId) return ignore(new TaskNotOnNodeError(task.id, nodeId, task.nodeId));
  const next = update.status;
  if (next === null) return ignore(new MissingStatusError(task.id));
  const current = task.status;
  const currentState = current?.state ?? TaskState.TASK_STATE_NEW;
  if (isTerminalState(currentState)) return ignore(new TerminalStateError(task.id, currentState, next.state));
  if (next.state < currentState) return ignore(new StateRegressionError(task.id, currentState, next.state));
  if (current !== null && sameStatus(current, next))
    return ignore(new DuplicateStatusError(task.id, next.state));
  return { kind: 'apply', status: { ...next, startedAt: startedAt(current, next) } };
}

/** The first RUNNING report's time, kept through later states (the agent's own value is not trusted). */
function startedAt(
  current: TaskStatus__Output | null,
  next: TaskStatus__Output,
): TaskStatus__Output['startedAt'] {
  if (current?.startedAt) return current.startedAt;
  return next.state === TaskState.TASK_STATE_RUNNING ? next.timestamp : null;
}

function ignore(reason: StatusUpdateRefusedError): StatusUpdateDecision {
  return { kind: 'ignore', reason };
}
