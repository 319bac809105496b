// Named errors of the Raft core. Each carries typed fields so callers (manager, CLI) can map them to
// one clear message without parsing text.
import type { NodeId } from './types.ts';

export class RaftError extends Error {
  override name = 'RaftError';
}

/** The requested index has been compacted into a snapshot. */
export class CompactedError extends RaftError {
  override name = 'CompactedError';
  constructor(
    readonly index: number,
    readonly firstIndex: number,
  ) {
    super(`raft log index ${index} is compacted (first available index is ${firstIndex})`);
  }
}

/** The requested index is beyond the last index in storage. */
export class UnavailableError extends RaftError {
  override name = 'UnavailableError';
  constructor(
    readonly index: number,
    readonly lastIndex: number,
  ) {
    super(`raft log index ${index} is unavailable (last index is ${lastIndex})`);
  }
}

/** Storage is preparing a snapshot; the leader retries later. */
export class SnapshotTemporarilyUnavailableError extends RaftError {
  override name = 'SnapshotTemporarilyUnavailableError';
  constructor() {
    super('snapshot is temporarily unavailable');
  }
}

/** A snapshot older than what storage already holds. */
export class SnapshotOutOfDateError extends RaftError {
  override name = 'SnapshotOutOfDateError';
  constructor(
    readonly index: number,
    readonly currentIndex: number,
  ) {
    super(`snapshot at index ${index} is older than the current snapshot at ${currentIndex}`);
  }
}

/** A proposal (or read) reached a node that is not the leader. Proposals are not forwarded. */
export class NotLeaderError extends RaftError {
  override name = 'NotLeaderError';
  constructor(
    readonly nodeId: NodeId,
    /** The known leader, or '' when none is known (an election is in progress). */
    readonly leader: NodeId,
    readonly term: number,
  ) {
    super(
      leader
        ? `node ${nodeId} is not the raft leader; the leader is ${leader} (term ${term})`
        : `node ${nodeId} is not the raft leader and no leader is known (term ${term})`,
    );
  }
}

/** The leader refuses proposals while it is handing leadership over or was removed from the group. */
export class ProposalDroppedError extends RaftError {
  override name = 'ProposalDroppedError';
  constructor(readonly reason: string) {
    super(`raft proposal dropped: ${reason}`);
  }
}

/** A membership change that the core refuses (another change pending, learner behind, bad target). */
export class ConfChangeError extends RaftError {
  override name = 'ConfChangeError';
  constructor(
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`raft membership change refused: ${reason}`, options);
  }
}

/** An invalid configuration of the core. */
export class ConfigError extends RaftError {
  override name = 'ConfigError';
}
