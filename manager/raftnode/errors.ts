// Errors of the Raft driver, surfaced to the manager's API layer.
export class RaftNodeError extends Error {
  override name = 'RaftNodeError';
}

/** The proposal's log slot was taken by another leader's entry: it was not applied. */
export class ProposalLostError extends RaftNodeError {
  override name = 'ProposalLostError';
  constructor(
    readonly index: number,
    readonly term: number,
  ) {
    super(`proposal at index ${index} (term ${term}) was superseded by a new leader; it was not applied`);
  }
}

export class RaftStoppedError extends RaftNodeError {
  override name = 'RaftStoppedError';
  constructor() {
    super('raft node is stopped');
  }
}

export class RaftTimeoutError extends RaftNodeError {
  override name = 'RaftTimeoutError';
  constructor(
    readonly what: string,
    readonly ms: number,
  ) {
    super(`${what} timed out after ${ms} ms (no quorum reachable?)`);
  }
}
