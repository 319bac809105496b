// What a node's state means for the tasks on it: whether they must leave (removed, down, drained)
// and whether it takes new ones (ready and active). Constraint parsing belongs to the scheduler,
// so the orchestrators receive a matcher.
import { NodeAvailability } from '../../proto/gen/covey/v1/NodeAvailability.ts';
import type { Node__Output } from '../../proto/gen/covey/v1/Node.ts';
import { NodeState } from '../../proto/gen/covey/v1/NodeState.ts';

/** True when the node satisfies every constraint (`node.labels.zone==east`, ...). */
export type ConstraintMatcher = (node: Node__Output, constraints: readonly string[]) => boolean;

/** The reason given when a task is stopped because its node stopped matching. */
export const CONSTRAINT_NOT_SATISFIED = 'constraint no longer satisfied';

export type NodeLoss = 'removed' | 'down' | 'drained';

/** Why tasks on this node must be replaced elsewhere, or undefined when they may stay. */
export function nodeLoss(node: Node__Output | undefined): NodeLoss | undefined {
  if (node === undefined) return 'removed';
  if (node.status?.state === NodeState.NODE_STATE_DOWN) return 'down';
  if (node.spec?.availability === NodeAvailability.NODE_AVAILABILITY_DRAIN) return 'drained';
  return undefined;
}

export function nodeLossReason(loss: NodeLoss): string {
  return loss === 'removed' ? 'node was removed' : loss === 'down' ? 'node is down' : 'node is drained';
}

/** Ready (live session) and active: new tasks may go there. */
export function takesNewTasks(node: Node__Output): boolean {
  return (
    node.status?.state === NodeState.NODE_STATE_READY &&
    (node.spec?.availability ?? NodeAvailability.NODE_AVAILABILITY_ACTIVE) ===
      NodeAvailability.NODE_AVAILABILITY_ACTIVE
  );
}
