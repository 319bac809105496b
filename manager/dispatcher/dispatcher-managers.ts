// The manager list an agent fails over to (SessionMessage.managers): every manager with a known
// address, heavier first. The leader weighs most because a follower would only redirect there;
// managers this one cannot reach weigh least, but stay listed as a last resort.
import type { WeightedPeer__Output } from '../../proto/gen/covey/v1/WeightedPeer.ts';
import type { LeaderInfo } from '../leader-info.ts';

/** dispatcher.proto: at most 16 managers per message. */
export const MAX_SESSION_MANAGERS = 16;
export const LEADER_WEIGHT = 20;
export const REACHABLE_WEIGHT = 10;
export const UNREACHABLE_WEIGHT = 1;

export function weightedManagers(leader: LeaderInfo): WeightedPeer__Output[] {
  const leaderId = leader.leaderId();
  const peers: WeightedPeer__Output[] = [];
  for (const m of leader.managers()) {
    if (m.addr === '') continue;
    const weight =
      m.nodeId === leaderId ? LEADER_WEIGHT : m.reachable ? REACHABLE_WEIGHT : UNREACHABLE_WEIGHT;
    peers.push({ nodeId: m.nodeId, addr: m.addr, weight });
  }
  peers.sort((a, b) => b.weight - a.weight || (a.nodeId < b.nodeId ? -1 : a.nodeId > b.nodeId ? 1 : 0));
  return peers.slice(0, MAX_SESSION_MANAGERS);
}

/** Equal keys: the agents already hold this list. */
export function managersKey(peers: readonly WeightedPeer__Output[]): string {
  return peers.map((p) => `${p.nodeId}@${p.addr}=${p.weight}`).join(',');
}
