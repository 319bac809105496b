// Stops tasks whose node no longer satisfies their service's constraints (a label removed, a role
// changed); the replicated orchestrator then places a replacement elsewhere. The service's current
// constraints are used, not the task's copy, which a constraints-only update may have left stale.
import { NodeAvailability } from '../../proto/gen/covey/v1/NodeAvailability.ts';
import type { Node__Output } from '../../proto/gen/covey/v1/Node.ts';
import type { Service__Output } from '../../proto/gen/covey/v1/Service.ts';
import type { Task__Output } from '../../proto/gen/covey/v1/Task.ts';
import { TaskState } from '../../proto/gen/covey/v1/TaskState.ts';
import { type SetDesiredStateAction, setDesiredState } from './action.ts';
import { CONSTRAINT_NOT_SATISFIED, type ConstraintMatcher } from './node-eligibility.ts';
import { isLive } from './task-lifecycle.ts';

export interface ConstraintEnforcerInput {
  /** Tasks to check: all of them, or those of the nodes that just changed. */
  readonly tasks: readonly Task__Output[];
  readonly nodes: ReadonlyMap<string, Node__Output>;
  readonly services: ReadonlyMap<string, Service__Output>;
  readonly matchesConstraints: ConstraintMatcher;
}

export function enforceConstraints(input: ConstraintEnforcerInput): SetDesiredStateAction[] {
  const actions: SetDesiredStateAction[] = [];
  const tasks = input.tasks.filter((t) => t.nodeId !== '' && isLive(t));
  tasks.sort((a, b) => (a.nodeId === b.nodeId ? (a.id < b.id ? -1 : 1) : a.nodeId < b.nodeId ? -1 : 1));
  for (const t of tasks) {
    const node = input.nodes.get(t.nodeId);
    // Drained, paused, down and removed nodes are the orchestrators' business (or nobody's).
    if (node === undefined) continue;
    if (
      (node.spec?.availability ?? NodeAvailability.NODE_AVAILABILITY_ACTIVE) !==
      NodeAvailability.NODE_AVAILABILITY_ACTIVE
    ) {
      continue;
    }
    const service = input.services.get(t.serviceId);
    const placement =
      service !== undefined ? (service.spec?.task?.placement ?? null) : (t.spec?.placement ?? null);
    const constraints = placement?.constraints ?? [];
    if (constraints.length > 0 && !input.matchesConstraints(node, constraints)) {
      actions.push(setDesiredState(t, TaskState.TASK_STATE_SHUTDOWN, CONSTRAINT_NOT_SATISFIED));
    }
  }
  return actions;
}
