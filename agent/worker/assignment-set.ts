// What the worker reconciles against: the node's whole task set, or changes to it, as decoded from
// the dispatcher's Assignments stream (secrets and configs are not handled by the worker yet).
import type { AssignmentChange__Output } from '../../proto/gen/covey/v1/AssignmentChange.ts';
import { AssignmentAction } from '../../proto/gen/covey/v1/AssignmentAction.ts';
import { AssignmentsType, type AssignmentsType__Output } from '../../proto/gen/covey/v1/AssignmentsType.ts';
import type { Task__Output } from '../../proto/gen/covey/v1/Task.ts';

export type AssignmentSet =
  /** Everything the node must run; anything else the worker holds must stop. */
  | { readonly kind: 'complete'; readonly tasks: readonly Task__Output[] }
  /** Tasks added or changed, and IDs of tasks taken away. */
  | {
      readonly kind: 'incremental';
      readonly updated: readonly Task__Output[];
      readonly removed: readonly string[];
    };

/** Builds the set from one message's changes (a COMPLETE set spanning messages is joined by the caller). */
export function assignmentSetFromChanges(
  type: AssignmentsType__Output,
  changes: readonly AssignmentChange__Output[],
): AssignmentSet {
  const updated: Task__Output[] = [];
  const removed: string[] = [];
  for (const change of changes) {
    const task = change.assignment?.task;
    if (task === null || task === undefined) continue;
    if (change.action === AssignmentAction.ASSIGNMENT_ACTION_REMOVE) removed.push(task.id);
    else updated.push(task);
  }
  if (type === AssignmentsType.ASSIGNMENTS_TYPE_COMPLETE) return { kind: 'complete', tasks: updated };
  return { kind: 'incremental', updated, removed };
}
