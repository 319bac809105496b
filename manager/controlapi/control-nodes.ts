// GetNode, ListNodes, UpdateNode and RemoveNode. UpdateNode stores the operator's spec (labels,
// availability, desired role); the Raft membership change of a promotion or demotion is done by the
// managers' role reconciliation, so here a demotion is only checked for safety and recorded.
import type { GetNodeRequest__Output } from '../../proto/gen/covey/v1/GetNodeRequest.ts';
import type { GetNodeResponse } from '../../proto/gen/covey/v1/GetNodeResponse.ts';
import type { ListNodesRequest__Output } from '../../proto/gen/covey/v1/ListNodesRequest.ts';
import type { ListNodesResponse } from '../../proto/gen/covey/v1/ListNodesResponse.ts';
import { NodeRole } from '../../proto/gen/covey/v1/NodeRole.ts';
import { NodeState } from '../../proto/gen/covey/v1/NodeState.ts';
import type { Node, Node__Output } from '../../proto/gen/covey/v1/Node.ts';
import type { RemoveNodeRequest__Output } from '../../proto/gen/covey/v1/RemoveNodeRequest.ts';
import type { RemoveNodeResponse } from '../../proto/gen/covey/v1/RemoveNodeResponse.ts';
import type { UpdateNodeRequest__Output } from '../../proto/gen/covey/v1/UpdateNodeRequest.ts';
import type { UpdateNodeResponse } from '../../proto/gen/covey/v1/UpdateNodeResponse.ts';
import { NotFoundError, VersionConflictError } from '../store/errors.ts';
import type { ControlContext } from './control-context.ts';
import { demotionRefusal, desiredRoleOf } from './control-demotion.ts';
import { DemotionRefusedError, NodeRemovalRefusedError } from './control-errors.ts';
import { checkNodeFilters, nodeMatcher, sortedUnion } from './control-filters.ts';
import { takePage } from './control-paging.ts';
import { requireField, requireVersion } from './control-request-fields.ts';
import { validateNodeSpec } from './validate-node-spec.ts';

function getStoredNode(ctx: ControlContext, id: string): Node__Output {
  const node = ctx.store.get('node', id);
  if (node === undefined) throw new NotFoundError('node', id);
  return node;
}

export function getNode(ctx: ControlContext, req: GetNodeRequest__Output): GetNodeResponse {
  return { node: getStoredNode(ctx, requireField('nodeId', req.nodeId)) };
}

function candidates(ctx: ControlContext, req: ListNodesRequest__Output): readonly Node__Output[] {
  const f = req.filters;
  if (f === null) return ctx.store.find('node');
  if (f.idPrefixes.length > 0) {
    return sortedUnion(f.idPrefixes.map((idPrefix) => ctx.store.find('node', { idPrefix })));
  }
  if (f.roles.length > 0) return sortedUnion(f.roles.map((role) => ctx.store.find('node', { role })));
  return ctx.store.find('node');
}

export function listNodes(ctx: ControlContext, req: ListNodesRequest__Output): ListNodesResponse {
  checkNodeFilters(req.filters);
  const page = takePage(candidates(ctx, req), nodeMatcher(req.filters), req);
  return { nodes: page.items, nextPageToken: page.nextPageToken };
}

export async function updateNode(
  ctx: ControlContext,
  req: UpdateNodeRequest__Output,
): Promise<UpdateNodeResponse> {
  const id = requireField('nodeId', req.nodeId);
  const expected = requireVersion('nodeVersion', req.nodeVersion);
  const spec = requireField('spec', req.spec);
  validateNodeSpec(spec);
  await ctx.readBarrier();
  const current = getStoredNode(ctx, id);
  const actual = current.meta?.version ?? 0;
  if (actual !== expected) throw new VersionConflictError('node', id, expected, actual);
  if (
    desiredRoleOf(current) === NodeRole.NODE_ROLE_MANAGER &&
    spec.desiredRole === NodeRole.NODE_ROLE_WORKER
  ) {
    const refusal = demotionRefusal(id, ctx.store.find('node'), ctx.raftMembers());
    if (refusal !== undefined) throw new DemotionRefusedError(id, refusal);
  }
  const next: Node = { ...current, spec };
  const applied = await ctx.proposer.propose([{ updateNode: next, expectedVersion: expected }]);
  return { node: ctx.store.get('node', id) ?? { ...next, meta: { ...next.meta, version: applied.index } } };
}

function stateWord(state: number): string {
  for (const [key, value] of Object.entries(NodeState)) {
    if (value === state) return key.slice('NODE_STATE_'.length).toLowerCase();
  }
  return String(state);
}

export async function removeNode(
  ctx: ControlContext,
  req: RemoveNodeRequest__Output,
): Promise<RemoveNodeResponse> {
  const id = requireField('nodeId', req.nodeId);
  await ctx.readBarrier();
  const current = getStoredNode(ctx, id);
  if (current.role === NodeRole.NODE_ROLE_MANAGER || desiredRoleOf(current) === NodeRole.NODE_ROLE_MANAGER) {
    throw new NodeRemovalRefusedError(id, 'it is a manager; demote it first, then remove it');
  }
  const state = current.status?.state ?? NodeState.NODE_STATE_UNKNOWN;
  if (!req.force && state !== NodeState.NODE_STATE_DOWN) {
    throw new NodeRemovalRefusedError(
      id,
      `it is ${stateWord(state)}, not down; stop its daemon first, or force the removal`,
    );
  }
  // Unconditional once checked (the request carries no version); the orchestrators replace its tasks.
  await ctx.proposer.propose([{ deleteNode: current, expectedVersion: 0 }]);
  return {};
}
