// Knobs of one simulated member, drawn per seed, and the driver bugs the harness can inject on purpose.

/** Knobs of one member, drawn per seed. Times are in scheduler units; one tick is `tickInterval`. */
export interface NodeTuning {
  readonly tickInterval: number;
  readonly electionTick: number;
  readonly heartbeatTick: number;
  readonly snapshotChunkSize: number;
  readonly maxSizePerMsg: number;
  readonly maxInflightMsgs: number;
  /** Byte budget of committed entries per Ready (small values page the apply stream). */
  readonly maxCommittedSizePerReady: number;
  /** Proposals are refused beyond this many uncommitted bytes (0 = unlimited). */
  readonly maxUncommittedEntriesSize: number;
  readonly learnerCatchUpEntries: number;
  readonly minFsyncDelay: number;
  readonly maxFsyncDelay: number;
  /** Probability that an fsync stalls (slow disk) for up to `stallDelay`. */
  readonly stallRate: number;
  readonly stallDelay: number;
  readonly preVote: boolean;
  readonly checkQuorum: boolean;
  /** Take a snapshot once this many entries were applied since the last one. */
  readonly snapshotEvery: number;
  /** Entries kept before the snapshot index when compacting. */
  readonly snapshotKeep: number;
  /** Probability that a leader sends its App/Snap/Heartbeat before the fsync (allowed by ready.ts). */
  readonly earlySendRate: number;
  /** Probability that normal committed entries are applied before the fsync (allowed by ready.ts). */
  readonly earlyApplyRate: number;
  /** Probability, per input while a write is in flight, of applying newly committed entries at once. */
  readonly takeCommittedRate: number;
  /** Each member's clock runs at a rate drawn from [1 - tickSkew, 1 + tickSkew]. */
  readonly tickSkew: number;
  /** Probability that the transport reports a failed send to the core (ReportUnreachable). */
  readonly reportUnreachableRate: number;
  /** A deliberate driver bug, to prove the checks catch it (tests only). */
  readonly inject?: Injection;
}

/**
 * Driver bugs the simulation can inject on purpose: a checker that never fires proves nothing.
 * - early-send: every message goes out before the fsync (votes and acks of unsynced state);
 * - fsync-lies: a crash also loses appended entries past the durable commit index;
 * - stale-reads: ReadIndex reads are answered from local state at once.
 */
export type Injection = 'early-send' | 'fsync-lies' | 'stale-reads';
