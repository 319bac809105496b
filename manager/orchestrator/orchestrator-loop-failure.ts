// What a failed orchestrator proposal means for the loop: the store moved on (re-read and decide
// again now), Raft could not take it (wait: leadership is changing or quorum is gone), or a defect.
import { NotLeaderError } from '../../raft/errors.ts';
import { RaftNodeError, RaftStoppedError } from '../raftnode/errors.ts';
import { AlreadyExistsError, NotFoundError, VersionConflictError } from '../store/errors.ts';

export type ProposalFailureKind = 'conflict' | 'unavailable' | 'defect';

export interface ProposalFailure {
  readonly kind: ProposalFailureKind;
  /** NotLeader/stopped are routine while leadership moves; timeouts and lost entries are worth a warning. */
  readonly level: 'debug' | 'info' | 'warn' | 'error';
}

export function classifyProposalFailure(err: unknown): ProposalFailure {
  // The batch applied and was refused: a task changed since it was read. Re-reading makes progress.
  if (
    err instanceof VersionConflictError ||
    err instanceof NotFoundError ||
    err instanceof AlreadyExistsError
  ) {
    return { kind: 'conflict', level: 'info' };
  }
  if (err instanceof NotLeaderError || err instanceof RaftStoppedError)
    return { kind: 'unavailable', level: 'debug' };
  // Timeouts and proposals lost to a new leader's entry: the batch did not apply (or not yet).
  if (err instanceof RaftNodeError) return { kind: 'unavailable', level: 'warn' };
  // InvalidActionError, StoreDecodeError or anything unexpected: retrying at once would loop.
  return { kind: 'defect', level: 'error' };
}
