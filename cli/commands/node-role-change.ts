// Promote and demote: the node spec's desired role, written with the version read (a node object
// changes often — status, description — so a stale version is read again and retried a few times).
import type { ControlClient } from '../control-client.ts';
import type { Node__Output } from '../../proto/gen/covey/v1/Node.ts';
import type { NodeRole__Output } from '../../proto/gen/covey/v1/NodeRole.ts';
import type { NodeSpec } from '../../proto/gen/covey/v1/NodeSpec.ts';
import { isServiceError } from './control-call-error.ts';
import { resolveNode } from './resolve-reference.ts';

const ATTEMPTS = 3;

export type RoleChange = 'changed' | 'unchanged';

/** Sets `ref`'s desired role; 'unchanged' when it already had that role. */
export async function changeNodeRole(
  client: ControlClient,
  ref: string,
  role: NodeRole__Output,
): Promise<RoleChange> {
  let node = await resolveNode(client, ref);
  for (let attempt = 1; ; attempt++) {
    if ((node.spec?.desiredRole ?? node.role) === role) return 'unchanged';
    const version = node.meta?.version ?? 0;
    try {
      await client.updateNode({
        nodeId: node.id,
        nodeVersion: version,
        spec: { ...specOf(node), desiredRole: role },
      });
      return 'changed';
    } catch (err) {
      if (attempt >= ATTEMPTS || !isServiceError(err)) throw err;
      const fresh = (await client.getNode(node.id)).node;
      // Only a node that changed since it was read is worth another try; any other refusal stands.
      if (!fresh || (fresh.meta?.version ?? 0) === version) throw err;
      node = fresh;
    }
  }
}

function specOf(node: Node__Output): NodeSpec {
  return {
    annotations: {
      name: node.spec?.annotations?.name ?? '',
      labels: { ...(node.spec?.annotations?.labels ?? {}) },
    },
    availability: node.spec?.availability ?? 0,
  };
}
