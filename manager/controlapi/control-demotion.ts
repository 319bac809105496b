// Whether a manager may be demoted: never the last manager, and never when the voters left after
// its removal could not form a quorum among the reachable ones (SwarmKit's CanRemoveMember). Pure:
// the caller passes the store's nodes and the Raft membership facts.
import { NodeRole } from '../../proto/gen/covey/v1/NodeRole.ts';
import type { Node__Output } from '../../proto/gen/covey/v1/Node.ts';
import type { RaftMembership } from './control-context.ts';

/** The role the node is heading to: its spec's, or its current one when it has no spec. */
export function desiredRoleOf(node: Node__Output): number {
  return node.spec === null ? node.role : node.spec.desiredRole;
}

/** Quorum of `n` voters (a majority). */
export function quorumOf(n: number): number {
  return Math.floor(n / 2) + 1;
}

/** Why demoting `nodeId` is refused, or undefined when it is safe. `nodes` are the store's nodes. */
export function demotionRefusal(
  nodeId: string,
  nodes: readonly Node__Output[],
  raft: RaftMembership,
): string | undefined {
  const otherManagers = nodes.filter(
    (n) =>
      n.id !== nodeId &&
      n.role === NodeRole.NODE_ROLE_MANAGER &&
      desiredRoleOf(n) === NodeRole.NODE_ROLE_MANAGER,
  );
  if (otherManagers.length === 0) {
    return 'it is the last manager of the cluster; promote another node first';
  }
  if (!raft.voters.includes(nodeId)) return undefined;
  const remaining = raft.voters.filter((v) => v !== nodeId);
  const quorum = quorumOf(remaining.length);
  const reachable = remaining.filter((v) => raft.reachable.has(v)).length;
  if (reachable < quorum) {
    return (
      `removing its Raft vote would leave ${reachable} reachable of ${remaining.length} remaining voters, ` +
      `fewer than the quorum of ${quorum} (loss of quorum); bring the unreachable managers back first`
    );
  }
  return undefined;
}
