// Heartbeat timing: the period the leader hands each agent and the grace before a silent node is
// DOWN. Pure; randomness is injected so a seed reproduces a run.
//
// Numbers and why:
// - Base period 1 s. A small cluster must notice a dead agent and reschedule its tasks within 6 s.
// - Rate bound 500 heartbeats/s at the leader (Nomad's idea: the TTL grows with the node count).
//   period = max(base, nodeCount / rate): up to 500 nodes keep 1 s; 5,000 nodes ⇒ 10 s; 20,000 ⇒ 40 s.
//   One unary RPC plus one in-memory deadline update costs well under 1 ms, so 500/s is a small,
//   fixed share of one core whatever the cluster size.
// - Jitter: each heartbeat's period is lengthened by a uniform [0, 10%] so agents that connected
//   together (after a leader change) spread out instead of arriving in lock-step. Jitter only ever
//   lengthens the period, so the rate bound holds for the jittered periods too (SwarmKit adds
//   `rand(epsilon)` the same way).
// - Down grace (extra time after the period, as DispatcherConfig.down_grace defines it): one more
//   period plus a 500 ms margin for network and GC pauses. A node is DOWN when no heartbeat came
//   within period + grace = 2 × period + 0.5 s after its last one: at 1 s that is ≤ 2.6 s with
//   jitter, leaving over 3 s of the 6 s budget for the store write and the orchestrator's
//   replacement tasks. One lost heartbeat never marks a node down; two in a row do.
// - A configured period replaces the 1 s base (the rate bound still applies); a configured grace
//   is used as is.
import type { DispatcherConfig__Output } from '../../proto/gen/covey/v1/DispatcherConfig.ts';
import { durationMs } from '../../proto/time.ts';
import type { RandomSource } from '../../raft/random.ts';

export interface HeartbeatConfig {
  /** Period for a small cluster, in ms. */
  readonly basePeriodMs: number;
  /** Most heartbeats per second the leader should receive from all agents together. */
  readonly maxHeartbeatsPerSecond: number;
  /** Largest lengthening of a period, as a fraction of it (0.1 = up to +10%). */
  readonly jitterFraction: number;
  /** Extra time after the period before a silent node is DOWN; undefined: period + marginMs. */
  readonly downGraceMs: number | undefined;
  /** Added to the default grace for network delay and pauses, in ms. */
  readonly marginMs: number;
}

export const DEFAULT_HEARTBEAT_CONFIG: HeartbeatConfig = {
  basePeriodMs: 1000,
  maxHeartbeatsPerSecond: 500,
  jitterFraction: 0.1,
  downGraceMs: undefined,
  marginMs: 500,
};

/** The timing for one heartbeat (or registration) of one node. */
export interface HeartbeatTiming {
  /** Period before jitter: what the cluster size calls for. */
  readonly basePeriodMs: number;
  /** Period sent to the agent (base + jitter). */
  readonly periodMs: number;
  /** Extra time after the period before the node is DOWN. */
  readonly downGraceMs: number;
  /** periodMs + downGraceMs: the node's deadline is its last heartbeat plus this. */
  readonly timeoutMs: number;
}

/** Period before jitter for a cluster of `nodeCount` nodes: grows so the leader's rate stays bounded. */
export function basePeriodMs(nodeCount: number, config: HeartbeatConfig = DEFAULT_HEARTBEAT_CONFIG): number {
  const rateBound = Math.ceil((Math.max(0, nodeCount) * 1000) / config.maxHeartbeatsPerSecond);
  return Math.max(config.basePeriodMs, rateBound);
}

export function heartbeatPeriod(
  nodeCount: number,
  config: HeartbeatConfig,
  random: RandomSource,
): HeartbeatTiming {
  const base = basePeriodMs(nodeCount, config);
  const maxJitter = Math.floor(base * config.jitterFraction);
  const periodMs = base + (maxJitter > 0 ? random.intn(maxJitter + 1) : 0);
  const downGraceMs = config.downGraceMs ?? base + config.marginMs;
  return { basePeriodMs: base, periodMs, downGraceMs, timeoutMs: periodMs + downGraceMs };
}

/** The cluster's DispatcherConfig over the defaults; an absent duration keeps the default. */
export function heartbeatConfigFromProto(proto: DispatcherConfig__Output | null): HeartbeatConfig {
  if (proto === null) return DEFAULT_HEARTBEAT_CONFIG;
  const period = durationMs(proto.heartbeatPeriod);
  const grace = durationMs(proto.downGrace);
  return {
    ...DEFAULT_HEARTBEAT_CONFIG,
    basePeriodMs: period !== undefined && period > 0 ? period : DEFAULT_HEARTBEAT_CONFIG.basePeriodMs,
    downGraceMs: grace,
  };
}
