// The managers an agent knows, each with a weight: picks one at random in proportion to its weight
// and learns from outcomes (SwarmKit's remotes: weighted random selection, smoothed observations), so
// a manager that just failed is rarely chosen again while the others answer.
import type { WeightedPeer__Output } from '../../proto/gen/covey/v1/WeightedPeer.ts';

/** Weight of one good (or, negated, one bad) observation; also what an address starts with. */
export const DEFAULT_OBSERVATION_WEIGHT = 10;
/** Weights stay within ±this, so a long-lived manager can still lose its place quickly. */
export const MAX_WEIGHT = 256;
/** Share of a new observation in the smoothed weight (the rest is the old weight). */
const SMOOTHING = 0.5;
/**
 * Added to every (non-negative) weight when picking: without it managers all at 0 would always pick
 * the first; with it they are equally likely and any positive weight still dominates.
 */
const BIAS = 0.001;

interface Entry {
  nodeId: string;
  weight: number;
}

export class ManagerList {
  /** Insertion order is kept so a given random draw always picks the same manager. */
  private readonly entries = new Map<string, Entry>();

  constructor(
    initial: readonly string[],
    /** Uniform in [0, 1); injected so tests are deterministic. */
    private readonly random: () => number = Math.random,
  ) {
    for (const addr of initial) this.add(addr, '', DEFAULT_OBSERVATION_WEIGHT);
  }

  get size(): number {
    return this.entries.size;
  }

  has(addr: string): boolean {
    return this.entries.has(addr);
  }

  weight(addr: string): number | undefined {
    return this.entries.get(addr)?.weight;
  }

  /**
   * Picks a manager by weight (negative weights count as 0). Addresses in `exclude` are skipped
   * unless nothing else is left: a dead manager is not retried at once while another may answer.
   */
  select(exclude: ReadonlySet<string> = new Set()): string | undefined {
    let candidates = [...this.entries].filter(([addr]) => !exclude.has(addr));
    if (candidates.length === 0) candidates = [...this.entries];
    if (candidates.length === 0) return undefined;
    const weights = candidates.map(([, entry]) => Math.max(0, entry.weight) + BIAS);
    const total = weights.reduce((sum, w) => sum + w, 0);
    let r = this.random() * total;
    for (let i = 0; i < candidates.length; i++) {
      r -= weights[i] ?? 0;
      if (r < 0) return candidates[i]?.[0];
    }
    // Rounding can leave r at exactly 0 after the last subtraction.
    return candidates.at(-1)?.[0];
  }

  /** Folds one outcome into the manager's weight (adding the manager if it is new). */
  observe(addr: string, weight: number, nodeId = ''): void {
    const entry = this.entries.get(addr);
    if (entry === undefined) {
      this.add(addr, nodeId, clip(weight));
      return;
    }
    if (nodeId !== '') entry.nodeId = nodeId;
    entry.weight = Math.ceil(clip(SMOOTHING * clip(weight) + (1 - SMOOTHING) * entry.weight));
  }

  /** The manager could not be reached or its session broke. */
  demote(addr: string): void {
    this.observe(addr, -DEFAULT_OBSERVATION_WEIGHT);
  }

  /** A session was established with the manager. */
  promote(addr: string): void {
    this.observe(addr, DEFAULT_OBSERVATION_WEIGHT);
  }

  /**
   * Takes the leader's list: managers no longer listed are forgotten (a removed manager, or the join
   * address once the real ones are known), listed ones have the leader's weight folded in. An empty
   * list changes nothing: an agent must never be left with no manager to try.
   */
  replace(peers: readonly WeightedPeer__Output[]): void {
    const listed = peers.filter((peer) => peer.addr !== '');
    if (listed.length === 0) return;
    const keep = new Set(listed.map((peer) => peer.addr));
    for (const addr of [...this.entries.keys()]) if (!keep.has(addr)) this.entries.delete(addr);
    for (const peer of listed) this.observe(peer.addr, peer.weight, peer.nodeId);
  }

  /** The list as the daemon persists it, heavier first. */
  peers(): WeightedPeer__Output[] {
    return [...this.entries]
      .map(([addr, entry]) => ({ nodeId: entry.nodeId, addr, weight: entry.weight }))
      .sort((a, b) => b.weight - a.weight);
  }

  private add(addr: string, nodeId: string, weight: number): void {
    this.entries.set(addr, { nodeId, weight });
  }
}

function clip(weight: number): number {
  return Math.max(-MAX_WEIGHT, Math.min(MAX_WEIGHT, weight));
}
