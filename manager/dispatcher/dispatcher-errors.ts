// Why the dispatcher's gRPC layer refuses a call. The leadership errors extend DispatcherError, which
// error-status.ts maps to FAILED_PRECONDITION: dispatcher.proto's "no longer the leader, open a new
// session elsewhere". A caller whose node is not in the store is PERMISSION_DENIED.
import * as grpc from '@grpc/grpc-js';
import { NotLeaderError, ProposalDroppedError } from '../../raft/errors.ts';
import { RpcStatusError } from '../grpc/error-status.ts';
import { ProposalLostError, RaftStoppedError } from '../raftnode/errors.ts';
import { DispatcherError } from './errors.ts';

/** This manager does not serve agents now: it is a follower, or its dispatcher has not started yet. */
export class DispatcherNotLeaderError extends DispatcherError {
  override name = 'DispatcherNotLeaderError';
  constructor(
    /** The leader's node id, '' when none is known. */
    readonly leaderId: string,
    /** The leader's gRPC address, '' when unknown. */
    readonly leaderAddr: string,
  ) {
    super(
      leaderId === ''
        ? 'this manager is not the leader and no leader is known right now; retry after a backoff'
        : `this manager is not the leader; the leader is ${leaderId}${leaderAddr ? ` at ${leaderAddr}` : ''}`,
    );
  }
}

/** The dispatcher stopped while the call was open: leadership lost or the daemon shutting down. */
export class DispatcherStoppedError extends DispatcherError {
  override name = 'DispatcherStoppedError';
  constructor(readonly reason: 'leadership-lost' | 'shutdown') {
    super(
      reason === 'shutdown'
        ? 'this manager is shutting down; open a new session with another manager'
        : 'this manager stopped being the leader; open a new session with the new leader',
    );
  }
}

/** The caller's certificate names a node the store does not hold (removed, or never joined). */
export class NodeNotMemberError extends RpcStatusError {
  override name = 'NodeNotMemberError';
  constructor(readonly nodeId: string) {
    super(grpc.status.PERMISSION_DENIED, `node ${nodeId} is not a member of this cluster (was it removed?)`);
  }
}

/**
 * A store write that failed because this manager lost leadership while it was in flight becomes the
 * dispatcher's FAILED_PRECONDITION, so the agent moves to the new leader; anything else is kept.
 */
export function leadershipError(err: unknown): unknown {
  if (
    err instanceof NotLeaderError ||
    err instanceof ProposalDroppedError ||
    err instanceof RaftStoppedError ||
    err instanceof ProposalLostError
  ) {
    return new DispatcherStoppedError('leadership-lost');
  }
  return err;
}
