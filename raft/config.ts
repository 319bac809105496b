// Configuration of one Raft member. Times are in ticks; the driver decides how long a tick is.
import { ConfigError } from './errors.ts';
import type { RandomSource } from './random.ts';
import type { Storage } from './storage.ts';
import { NONE, type NodeId } from './types.ts';

export interface RaftLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface Config {
  readonly id: NodeId;
  readonly storage: Storage;
  /** Source of the election-timeout jitter. */
  readonly random: RandomSource;
  /** A follower that hears nothing for a randomized [electionTick, 2*electionTick) ticks campaigns. */
  readonly electionTick?: number;
  /** The leader sends heartbeats every heartbeatTick ticks. */
  readonly heartbeatTick?: number;
  /**
   * Last applied index when restarting: entries up to it are not handed out again, so the storage's
   * InitialState.confState must already include every membership change up to it (usually: the
   * snapshot index, with the state machine restored from that snapshot).
   */
  readonly applied?: number;
  /** Byte budget of one AppendEntries message. */
  readonly maxSizePerMsg?: number;
  /** AppendEntries messages in flight per follower in replicate state (pipelining bound). */
  readonly maxInflightMsgs?: number;
  /** Byte budget of committed entries handed out in one Ready. */
  readonly maxCommittedSizePerReady?: number;
  /** Refuse proposals once this many bytes are appended but not committed (0 = unlimited). */
  readonly maxUncommittedEntriesSize?: number;
  /** InstallSnapshot chunk size in bytes. */
  readonly snapshotChunkSize?: number;
  /** Pre-vote phase (thesis 9.6): a partitioned node does not inflate terms. */
  readonly preVote?: boolean;
  /** A leader that has not heard from a quorum within an election timeout steps down (thesis 6.2). */
  readonly checkQuorum?: boolean;
  /** A learner may be promoted only once its match is within this many entries of the leader's log. */
  readonly learnerCatchUpEntries?: number;
  readonly logger?: RaftLogger;
}

export type ResolvedConfig = Required<Config>;

const silent: RaftLogger = { debug() {}, info() {}, warn() {} };

export const DEFAULTS = {
  electionTick: 10,
  heartbeatTick: 1,
  applied: 0,
  maxSizePerMsg: 1024 * 1024,
  maxInflightMsgs: 256,
  maxCommittedSizePerReady: 16 * 1024 * 1024,
  maxUncommittedEntriesSize: 0,
  snapshotChunkSize: 1024 * 1024,
  preVote: true,
  checkQuorum: true,
  learnerCatchUpEntries: 1000,
} as const;

export function resolveConfig(c: Config): ResolvedConfig {
  const r: ResolvedConfig = { ...DEFAULTS, logger: silent, ...stripUndefined(c) } as ResolvedConfig;
  if (r.id === NONE) throw new ConfigError('raft config: id must not be empty');
  if (r.heartbeatTick <= 0) throw new ConfigError('raft config: heartbeatTick must be > 0');
  if (r.electionTick <= r.heartbeatTick) {
    throw new ConfigError('raft config: electionTick must be greater than heartbeatTick');
  }
  if (r.maxInflightMsgs <= 0) throw new ConfigError('raft config: maxInflightMsgs must be > 0');
  if (r.snapshotChunkSize <= 0) throw new ConfigError('raft config: snapshotChunkSize must be > 0');
  if (r.maxSizePerMsg <= 0) throw new ConfigError('raft config: maxSizePerMsg must be > 0');
  return r;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) {
    if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  }
  return out;
}
