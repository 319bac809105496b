// Why an agent's session with the managers ended or could not begin, as named errors, and the one
// place that reads a dispatcher call's gRPC status to decide what the agent does next
// (dispatcher.proto: INVALID_ARGUMENT = open a new session, FAILED_PRECONDITION = find the leader).
import { LEADER_ADDR_METADATA } from '../../proto/metadata.ts';
import * as grpc from '@grpc/grpc-js';
import type { WeightedPeer__Output } from '../../proto/gen/covey/v1/WeightedPeer.ts';

export class SessionError extends Error {
  override name = 'SessionError';
}

/** The manager is a follower; `leaderAddr` is empty when it knows of no leader right now. */
export class SessionRedirectError extends SessionError {
  override name = 'SessionRedirectError';
  constructor(
    readonly addr: string,
    readonly leaderAddr: string,
    readonly leaderNodeId: string,
    /** The managers the follower listed with its redirect (may be empty). */
    readonly managers: readonly WeightedPeer__Output[] = [],
  ) {
    super(
      leaderAddr === ''
        ? `manager ${addr} is not the leader and knows of none`
        : `manager ${addr} is not the leader; the leader is ${leaderNodeId || '?'} at ${leaderAddr}`,
    );
  }
}

/** No first session message within the timeout (manager unreachable, or too slow to register us). */
export class SessionTimeoutError extends SessionError {
  override name = 'SessionTimeoutError';
  constructor(
    readonly addr: string,
    readonly timeoutMs: number,
  ) {
    super(`manager ${addr} did not open a session within ${timeoutMs} ms`);
  }
}

/** The manager ended a stream without an error (it replaced the session, or its dispatcher stopped). */
export class SessionEndedError extends SessionError {
  override name = 'SessionEndedError';
  constructor(
    readonly addr: string,
    readonly stream: 'Session' | 'Assignments',
  ) {
    super(`manager ${addr} ended the ${stream} stream`);
  }
}

/** The manager sent something the protocol does not allow (e.g. a first message with no session). */
export class SessionProtocolError extends SessionError {
  override name = 'SessionProtocolError';
  constructor(
    readonly addr: string,
    detail: string,
  ) {
    super(`manager ${addr} broke the session protocol: ${detail}`);
  }
}

/** The agent closed the session itself (stopping, or giving up on it). */
export class SessionClosedError extends SessionError {
  override name = 'SessionClosedError';
  constructor(readonly addr: string) {
    super(`session with ${addr} closed by the agent`);
  }
}

/** A status batch was offered while no session is open; the reporter keeps it and retries. */
export class NoSessionError extends SessionError {
  override name = 'NoSessionError';
  constructor() {
    super('no session with a manager is open');
  }
}

/** The agent was stopped before it reached a leader. */
export class AgentStoppedError extends SessionError {
  override name = 'AgentStoppedError';
  constructor() {
    super('agent stopped');
  }
}

/** What a failed dispatcher call means for the session. */
export type RpcFailureKind =
  /** Unknown or expired session: open a new one (on the same manager, which is alive). */
  | 'session-invalid'
  /** That manager is no longer the leader: reconnect, trying the other managers. */
  | 'not-leader'
  /** The managers refuse this node's certificate or membership (removed from the cluster?). */
  | 'denied'
  /** Anything else: the connection or the manager is in trouble. */
  | 'transport';

/**
 * Metadata naming the leader's address, which a manager attaches to an UNAVAILABLE "not the leader"
 * status. Must match LEADER_ADDR_METADATA in manager/grpc/error-status.ts (agent/ cannot import it).
 */

/** A dispatcher call failed with a gRPC status. */
export class SessionRpcError extends SessionError {
  override name = 'SessionRpcError';
  readonly kind: RpcFailureKind;
  /** The leader's address when the manager said where it is. */
  readonly leaderAddr: string;

  constructor(
    readonly addr: string,
    readonly method: string,
    readonly code: grpc.status,
    readonly details: string,
    leaderAddr = '',
    options?: ErrorOptions,
  ) {
    super(`${method} on ${addr} failed: ${grpc.status[code] ?? code}: ${details}`, options);
    this.kind = rpcFailureKind(code, leaderAddr);
    this.leaderAddr = leaderAddr;
  }

  /** Wraps whatever a grpc-js call failed with (a ServiceError, or anything else as UNKNOWN). */
  static from(addr: string, method: string, error: unknown): SessionRpcError {
    if (error instanceof SessionRpcError) return error;
    if (isServiceError(error)) {
      const hint = error.metadata?.get(LEADER_ADDR_METADATA)[0];
      const leaderAddr = typeof hint === 'string' ? hint : '';
      return new SessionRpcError(addr, method, error.code, error.details, leaderAddr, { cause: error });
    }
    const text = error instanceof Error ? error.message : String(error);
    return new SessionRpcError(addr, method, grpc.status.UNKNOWN, text, '', { cause: error });
  }
}

function rpcFailureKind(code: grpc.status, leaderAddr: string): RpcFailureKind {
  if (code === grpc.status.INVALID_ARGUMENT) return 'session-invalid';
  if (code === grpc.status.FAILED_PRECONDITION) return 'not-leader';
  if (code === grpc.status.UNAVAILABLE && leaderAddr !== '') return 'not-leader';
  if (code === grpc.status.PERMISSION_DENIED || code === grpc.status.UNAUTHENTICATED) return 'denied';
  return 'transport';
}

function isServiceError(error: unknown): error is grpc.ServiceError {
  return (
    error instanceof Error &&
    typeof (error as Partial<grpc.ServiceError>).code === 'number' &&
    typeof (error as Partial<grpc.ServiceError>).details === 'string'
  );
}
