// Turns orchestrator decisions into store actions and packs them into Raft-sized batches. A desired
// state change becomes an update of the task exactly as the reconciler read it, guarded by that
// version, so a task that moved on meanwhile makes the batch fail instead of being overwritten.
import type { StoreAction } from '../../proto/gen/covey/v1/StoreAction.ts';
import type { Task__Output } from '../../proto/gen/covey/v1/Task.ts';
import { MAX_BATCH_ACTIONS } from '../store/store-proposer.ts';
import type { OrchestratorAction } from './action.ts';
import { OrchestratorError } from './errors.ts';

/** The task a reconciler was given, by id: the object a desired-state update starts from. */
export type TaskLookup = (taskId: string) => Task__Output | undefined;

/** A reconciler changed a task it was not given: a defect, never a state of the store. */
export class UnknownActionTaskError extends OrchestratorError {
  override name = 'UnknownActionTaskError';
  constructor(readonly taskId: string) {
    super(`orchestrator action names task ${taskId}, which was not among the tasks reconciled`);
  }
}

export function toStoreAction(action: OrchestratorAction, lookup: TaskLookup): StoreAction {
  switch (action.kind) {
    case 'create-task':
      return { createTask: action.task };
    case 'set-desired-state': {
      const task = lookup(action.taskId);
      if (task === undefined) throw new UnknownActionTaskError(action.taskId);
      // The store replaces whole objects: everything but the desired state is the task as read
      // (status included; the reason goes to the log, not into the agent's status message).
      return { updateTask: { ...task, desiredState: action.desiredState }, expectedVersion: action.version };
    }
    case 'delete-task':
      // A delete needs only the id (the store emits the stored object in its event), which keeps
      // the Raft entry of a large history purge small.
      return { deleteTask: { id: action.taskId }, expectedVersion: action.version };
    case 'update-service':
      return { updateService: action.service, expectedVersion: action.version };
  }
}

export function toStoreActions(actions: readonly OrchestratorAction[], lookup: TaskLookup): StoreAction[] {
  return actions.map((a) => toStoreAction(a, lookup));
}

/**
 * Packs groups (one service's actions each) into batches of at most `max` items, in order. A group
 * that fits in one batch is never split, so one service's changes usually commit together; a group
 * larger than `max` fills whole batches.
 */
export function packBatches<T>(groups: readonly (readonly T[])[], max = MAX_BATCH_ACTIONS): T[][] {
  if (!Number.isInteger(max) || max < 1)
    throw new RangeError(`batch size must be a positive integer, not ${max}`);
  const batches: T[][] = [];
  let current: T[] = [];
  const flush = () => {
    if (current.length > 0) batches.push(current);
    current = [];
  };
  for (const group of groups) {
    if (group.length === 0) continue;
    if (group.length <= max && current.length + group.length > max) flush();
    for (const item of group) {
      if (current.length === max) flush();
      current.push(item);
    }
  }
  flush();
  return batches;
}
