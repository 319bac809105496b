// Named errors of the Raft transport, with typed fields so the driver and logs never parse text.

export class RaftTransportError extends Error {
  override name = 'RaftTransportError';
}

/**
 * A received Raft message (or the frame carrying it) is not a valid covey.v1.RaftMessage: the sender
 * is broken or not a covey manager. The receiver rejects the batch whole; nothing half-decoded leaks.
 */
export class RaftMessageDecodeError extends RaftTransportError {
  override name = 'RaftMessageDecodeError';
  constructor(
    /** Path of the offending field, e.g. `app.entries[3].type`; `frame` when the bytes did not parse. */
    readonly field: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`invalid raft message: ${field}: ${reason}`, options);
  }
}

/** The transport was used after close(). */
export class RaftTransportClosedError extends RaftTransportError {
  override name = 'RaftTransportClosedError';
  constructor(readonly operation: string) {
    super(`raft transport is closed (${operation})`);
  }
}
