// What an orchestrator wants changed in the store. Reconcilers only return these; the leader's
// orchestration loop turns a list of them into one store batch (one Raft entry).
import type { Service__Output } from '../../proto/gen/covey/v1/Service.ts';
import type { Task__Output } from '../../proto/gen/covey/v1/Task.ts';
import type { TaskState__Output } from '../../proto/gen/covey/v1/TaskState.ts';

/** A new task, fully formed (id, spec copy, slot or node, desired and observed state). */
export interface CreateTaskAction {
  readonly kind: 'create-task';
  readonly task: Task__Output;
  readonly reason: string;
  /**
   * Set when the task is held (desired READY) by its restart delay: the epoch ms at which the
   * orchestrator will move it to desired RUNNING. Also derivable from the task (see restartAt), so
   * it survives a change of leader; carried here so the loop can arm a timer without recomputing.
   */
  readonly startAt?: number;
}

/** Move a task's desired state forward (RUNNING for a held task, SHUTDOWN or REMOVE to stop it). */
export interface SetDesiredStateAction {
  readonly kind: 'set-desired-state';
  readonly taskId: string;
  /** meta.version of the task as read, so the store refuses the change if the task moved on. */
  readonly version: number;
  readonly desiredState: TaskState__Output;
  /** Why, in words, for `service ps` and events (`node is down`, `constraint no longer satisfied`). */
  readonly reason: string;
}

/** Remove a finished task from the store (history reaper, removed services). */
export interface DeleteTaskAction {
  readonly kind: 'delete-task';
  readonly taskId: string;
  readonly version: number;
  readonly reason: string;
}

/**
 * Write the service back as the rolling update moved it: a new update status, and for an automatic
 * rollback the previous spec. Guarded by the version read, so an operator's concurrent change wins.
 */
export interface UpdateServiceAction {
  readonly kind: 'update-service';
  readonly service: Service__Output;
  readonly version: number;
  readonly reason: string;
}

export type OrchestratorAction =
  | CreateTaskAction
  | SetDesiredStateAction
  | DeleteTaskAction
  | UpdateServiceAction;

/** A set-desired-state action for a task as it was read (its version makes the change optimistic). */
export function setDesiredState(
  task: { readonly id: string; readonly meta: { readonly version: number } | null },
  desiredState: TaskState__Output,
  reason: string,
): SetDesiredStateAction {
  return {
    kind: 'set-desired-state',
    taskId: task.id,
    version: task.meta?.version ?? 0,
    desiredState,
    reason,
  };
}
