// When a lab counts as up: every daemon serves /healthz, the managers agree on one leader, and the
// cluster lists every node READY under its name. What is still missing names the node to blame.
import type { ControlClient } from '../control-client.ts';
import { listAllNodes } from '../commands/list-all.ts';
import { NodeState } from '../../proto/gen/covey/v1/NodeState.ts';
import { fetchDaemonHealth } from './daemon-health.ts';
import type { LabNodeRecord } from './lab-state-file.ts';

/** Ready, with the leader's name; or the first node that is not, and why. */
export type Readiness =
  | { readonly ready: true; readonly leader: string }
  | { readonly ready: false; readonly node: string; readonly reason: string };

export async function labReadiness(
  nodes: readonly LabNodeRecord[],
  client: ControlClient,
): Promise<Readiness> {
  const health = await Promise.all(nodes.map((n) => fetchDaemonHealth(n.http)));
  const leaders: string[] = [];
  for (const [i, node] of nodes.entries()) {
    const h = health[i];
    if (!h?.ok) return { ready: false, node: node.name, reason: `does not serve /healthz at ${node.http}` };
    if (h.raft?.isLeader) leaders.push(node.name);
  }
  const first = nodes.find((n) => n.role === 'manager');
  if (leaders.length !== 1 || first === undefined)
    return {
      ready: false,
      node: first?.name ?? '(no manager)',
      reason: leaders.length === 0 ? 'sees no Raft leader' : `sees several leaders: ${leaders.join(', ')}`,
    };
  let listed: Awaited<ReturnType<typeof listAllNodes>>;
  try {
    listed = await listAllNodes(client);
  } catch (err) {
    return { ready: false, node: first.name, reason: `cannot list nodes (${(err as Error).message})` };
  }
  const byName = new Map(listed.map((n) => [n.description?.hostname ?? '', n]));
  for (const node of nodes) {
    const found = byName.get(node.name);
    if (found === undefined) return { ready: false, node: node.name, reason: 'is not in `node ls` yet' };
    if (found.status?.state !== NodeState.NODE_STATE_READY)
      return { ready: false, node: node.name, reason: 'is not READY in `node ls`' };
  }
  const leader = leaders[0];
  return leader === undefined
    ? { ready: false, node: first.name, reason: 'sees no Raft leader' }
    : { ready: true, leader };
}
