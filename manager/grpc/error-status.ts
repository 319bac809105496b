// The one place where typed errors become gRPC statuses. Servers throw (or reject with) the typed
// error and hand it to toServiceError; the message is the error's own, written for the operator.
// An error this table does not know is a bug: it becomes INTERNAL without its text (which may hold
// internals) and is logged by the caller with its stack.
import * as grpc from '@grpc/grpc-js';
import {
  BusError,
  InvalidBusQueryError,
  InvalidClusterEventError,
  InvalidLogMessageError,
} from '../../bus/bus-errors.ts';
import {
  CsrInvalidError,
  PkiError,
  RoleNotAllowedError,
  TokenFormatError,
  TokenRejectedError,
} from '../../pki/errors.ts';
import { NotLeaderError, ProposalDroppedError } from '../../raft/errors.ts';
import { SpecValidationError, SpecValidationErrors } from '../controlapi/validation-error.ts';
import { DispatcherError, SessionInvalidError, StatusUpdateRefusedError } from '../dispatcher/errors.ts';
import { RaftNodeError, RaftStoppedError, RaftTimeoutError } from '../raftnode/errors.ts';
import {
  AlreadyExistsError,
  InvalidActionError,
  NameConflictError,
  NotFoundError,
  StoreRestoredError,
  VersionConflictError,
  WatchOverflowError,
} from '../store/errors.ts';

/** A status raised on purpose by a handler (e.g. an argument check that has no typed error). */
export class RpcStatusError extends Error {
  override name = 'RpcStatusError';
  constructor(
    readonly code: grpc.status,
    message: string,
  ) {
    super(message);
  }
}

export { LEADER_ADDR_METADATA } from '../../proto/metadata.ts';

export interface MappedStatus {
  readonly code: grpc.status;
  readonly details: string;
  /** false for an error the table does not know: the caller must log it (it is a bug). */
  readonly known: boolean;
}

/** The status for an error (see the file comment). */
export function statusOf(err: unknown): MappedStatus {
  const known = (code: grpc.status, e: Error): MappedStatus => ({ code, details: e.message, known: true });
  if (err instanceof RpcStatusError) return known(err.code, err);
  if (err instanceof SpecValidationErrors || err instanceof SpecValidationError)
    return known(grpc.status.INVALID_ARGUMENT, err);
  if (err instanceof VersionConflictError) return known(grpc.status.FAILED_PRECONDITION, err);
  if (err instanceof AlreadyExistsError || err instanceof NameConflictError)
    return known(grpc.status.ALREADY_EXISTS, err);
  if (err instanceof NotFoundError) return known(grpc.status.NOT_FOUND, err);
  if (err instanceof InvalidActionError) return known(grpc.status.INVALID_ARGUMENT, err);
  if (err instanceof WatchOverflowError) return known(grpc.status.RESOURCE_EXHAUSTED, err);
  if (err instanceof StoreRestoredError) return known(grpc.status.ABORTED, err);
  if (err instanceof NotLeaderError) return known(grpc.status.UNAVAILABLE, err);
  if (err instanceof ProposalDroppedError) return known(grpc.status.UNAVAILABLE, err);
  if (err instanceof RaftTimeoutError) return known(grpc.status.DEADLINE_EXCEEDED, err);
  if (err instanceof RaftStoppedError) return known(grpc.status.UNAVAILABLE, err);
  if (err instanceof RaftNodeError) return known(grpc.status.UNAVAILABLE, err);
  if (err instanceof RoleNotAllowedError) return known(grpc.status.PERMISSION_DENIED, err);
  // ca.proto: a missing, malformed, unknown or rotated-out token is UNAUTHENTICATED.
  if (err instanceof TokenFormatError || err instanceof TokenRejectedError)
    return known(grpc.status.UNAUTHENTICATED, err);
  if (err instanceof CsrInvalidError) return known(grpc.status.INVALID_ARGUMENT, err);
  if (err instanceof PkiError) return known(grpc.status.UNAUTHENTICATED, err);
  // dispatcher.proto: an unknown or expired session is INVALID_ARGUMENT (the agent opens a new one).
  if (err instanceof SessionInvalidError) return known(grpc.status.INVALID_ARGUMENT, err);
  if (err instanceof StatusUpdateRefusedError) return known(grpc.status.FAILED_PRECONDITION, err);
  if (err instanceof DispatcherError) return known(grpc.status.FAILED_PRECONDITION, err);
  // The log and event bus: a bad line, event or query is the caller's; the rest is the bus's state.
  if (
    err instanceof InvalidLogMessageError ||
    err instanceof InvalidClusterEventError ||
    err instanceof InvalidBusQueryError
  )
    return known(grpc.status.INVALID_ARGUMENT, err);
  if (err instanceof BusError) return known(grpc.status.UNAVAILABLE, err);
  return { code: grpc.status.INTERNAL, details: 'internal error (see the manager log)', known: false };
}

/** statusOf as the error object grpc-js callbacks and stream.destroy() take. */
export function toServiceError(err: unknown, metadata?: grpc.Metadata): Partial<grpc.StatusObject> & Error {
  const s = statusOf(err);
  const e = Object.assign(new Error(s.details), { code: s.code, details: s.details });
  if (metadata) Object.assign(e, { metadata });
  return e;
}
