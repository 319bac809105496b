// Named errors an executor raises, and the one place that decides which task state each becomes
// (SwarmKit's rule: a failure before STARTING rejects the task, from STARTING on it fails it).
import { TaskState, type TaskState__Output } from '../../proto/gen/covey/v1/TaskState.ts';

export class ExecutorError extends Error {
  override name = 'ExecutorError';
}

/** The task cannot run here (bad image, bad mount source, port taken): it is REJECTED at any step. */
export class TaskRejectedError extends ExecutorError {
  override name = 'TaskRejectedError';
  constructor(
    readonly taskId: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`task ${taskId} rejected: ${reason}`, options);
  }
}

/** The runtime failed to prepare the task (create the container, resolve the command). */
export class TaskPrepareError extends ExecutorError {
  override name = 'TaskPrepareError';
  constructor(
    readonly taskId: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`task ${taskId} failed to prepare: ${reason}`, options);
  }
}

/** The runtime failed to start a prepared task. */
export class TaskStartError extends ExecutorError {
  override name = 'TaskStartError';
  constructor(
    readonly taskId: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`task ${taskId} failed to start: ${reason}`, options);
  }
}

/** The task's healthcheck failed `retries` times in a row: the task fails and its restart policy applies. */
export class TaskUnhealthyError extends ExecutorError {
  override name = 'TaskUnhealthyError';
  constructor(
    readonly taskId: string,
    /** The last check's output or reason, as the runtime reported it. */
    readonly lastOutput: string,
    options?: ErrorOptions,
  ) {
    super(`task ${taskId} is unhealthy${lastOutput === '' ? '' : `: ${lastOutput}`}`, options);
  }
}

/** A controller was asked to act after remove(), or before the step it depends on. */
export class ControllerStateError extends ExecutorError {
  override name = 'ControllerStateError';
  constructor(
    readonly taskId: string,
    readonly operation: string,
    readonly controllerState: string,
  ) {
    super(`task ${taskId}: cannot ${operation} a controller that is ${controllerState}`);
  }
}

/** The runtime itself does not answer (engine down); the task cannot be run on this node now. */
export class RuntimeUnavailableError extends ExecutorError {
  override name = 'RuntimeUnavailableError';
  constructor(
    readonly runtime: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`runtime ${runtime} unavailable: ${reason}`, options);
  }
}

/** A passing failure (engine busy, a timeout): the step is tried again later; the task does not fail. */
export class TemporaryExecutorError extends ExecutorError {
  override name = 'TemporaryExecutorError';
  constructor(
    readonly taskId: string,
    readonly operation: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`task ${taskId}: ${operation} failed for now: ${reason}`, options);
  }
}

/** What an error raised while the task was in a given state does to it. */
export type FailureOutcome =
  | { readonly retry: true; readonly err: string }
  | { readonly retry: false; readonly state: TaskState__Output; readonly err: string };

/** The one mapping from executor errors to task states, with the text a person reads. */
export function failureState(current: TaskState__Output, error: unknown): FailureOutcome {
  const err = error instanceof Error ? error.message : String(error);
  if (error instanceof TemporaryExecutorError) return { retry: true, err };
  if (error instanceof TaskRejectedError || error instanceof RuntimeUnavailableError) {
    return { retry: false, state: TaskState.TASK_STATE_REJECTED, err };
  }
  const state =
    current < TaskState.TASK_STATE_STARTING ? TaskState.TASK_STATE_REJECTED : TaskState.TASK_STATE_FAILED;
  return { retry: false, state, err };
}
