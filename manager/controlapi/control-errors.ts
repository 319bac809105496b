// Refusals of the ControlService that have no typed error elsewhere. Each is an RpcStatusError (the
// ad-hoc status error-status.ts passes through) with typed fields, so tests and callers can tell
// them apart without parsing the message.
import * as grpc from '@grpc/grpc-js';
import { RpcStatusError } from '../grpc/error-status.ts';

/** A write reached a manager that cannot serve it and cannot forward it (no leader, or a loop). */
export class NoLeaderError extends RpcStatusError {
  override name = 'NoLeaderError';
  constructor(readonly reason: string) {
    super(grpc.status.UNAVAILABLE, `no leader, retry: ${reason}`);
  }
}

/** `service rollback` on a service that was never updated. */
export class NoPreviousSpecError extends RpcStatusError {
  override name = 'NoPreviousSpecError';
  constructor(readonly serviceId: string) {
    super(
      grpc.status.FAILED_PRECONDITION,
      `service ${serviceId} has no previous spec to roll back to (it was never updated)`,
    );
  }
}

/** A demotion that would leave the cluster without a manager or without a Raft quorum. */
export class DemotionRefusedError extends RpcStatusError {
  override name = 'DemotionRefusedError';
  constructor(
    readonly nodeId: string,
    readonly reason: string,
  ) {
    super(grpc.status.FAILED_PRECONDITION, `cannot demote node ${nodeId}: ${reason}`);
  }
}

/** RemoveNode on a manager, or on a node that is not down without force. */
export class NodeRemovalRefusedError extends RpcStatusError {
  override name = 'NodeRemovalRefusedError';
  constructor(
    readonly nodeId: string,
    readonly reason: string,
  ) {
    super(grpc.status.FAILED_PRECONDITION, `cannot remove node ${nodeId}: ${reason}`);
  }
}

/** GetCluster/UpdateCluster before `--init` wrote the cluster object (or with a wrong id). */
export class ClusterNotFoundError extends RpcStatusError {
  override name = 'ClusterNotFoundError';
  constructor(readonly clusterId: string) {
    super(
      grpc.status.NOT_FOUND,
      clusterId === ''
        ? 'the cluster object does not exist (the cluster was not initialised)'
        : `cluster ${clusterId} not found`,
    );
  }
}

/**
 * An Events stream that can no longer follow the store: it fell too far behind (overflow) or the
 * store jumped to a snapshot. The client re-reads what it needs and opens a new stream.
 */
export class EventStreamLostError extends RpcStatusError {
  override name = 'EventStreamLostError';
  constructor(
    readonly overflow: boolean,
    cause: string,
  ) {
    super(overflow ? grpc.status.RESOURCE_EXHAUSTED : grpc.status.ABORTED, `event stream ended: ${cause}`);
  }
}

/** Streams still open when this manager's control API shuts down. */
export class ControlClosingError extends RpcStatusError {
  override name = 'ControlClosingError';
  constructor() {
    super(grpc.status.UNAVAILABLE, 'this manager is shutting down; reconnect to another manager');
  }
}
