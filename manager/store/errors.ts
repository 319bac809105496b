// Named errors of the replicated store. A user mistake in a batch (stale version, duplicate id or
// name, missing object) is returned as the batch's apply result, never thrown out of apply; each
// carries typed fields so the control API maps it to a gRPC status without parsing text.
import type { StoreKind } from './store-kind.ts';

export class StoreError extends Error {
  override name = 'StoreError';
}

/** An update or delete read a version that is no longer the stored one (optimistic concurrency). */
export class VersionConflictError extends StoreError {
  override name = 'VersionConflictError';
  constructor(
    readonly kind: StoreKind,
    readonly id: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(
      `${kind} ${id} changed since it was read: the update expected version ${expected} ` +
        `but the stored version is ${actual}; read it again and retry`,
    );
  }
}

export class AlreadyExistsError extends StoreError {
  override name = 'AlreadyExistsError';
  constructor(
    readonly kind: StoreKind,
    readonly id: string,
  ) {
    super(`${kind} ${id} already exists`);
  }
}

export class NotFoundError extends StoreError {
  override name = 'NotFoundError';
  constructor(
    readonly kind: StoreKind,
    readonly id: string,
  ) {
    super(`${kind} ${id} not found`);
  }
}

/** Service names are unique. */
export class NameConflictError extends StoreError {
  override name = 'NameConflictError';
  constructor(
    /** The contested name (`name` itself is the error class's name, as for every Error). */
    readonly serviceName: string,
    readonly existingId: string,
  ) {
    super(`service name "${serviceName}" is already in use by service ${existingId}`);
  }
}

/** An action the store cannot apply whatever its state (no member set, empty id). */
export class InvalidActionError extends StoreError {
  override name = 'InvalidActionError';
  constructor(
    /** Position of the action in its batch. */
    readonly actionIndex: number,
    readonly reason: string,
  ) {
    super(`store action ${actionIndex}: ${reason}`);
  }
}

/** A Raft entry or snapshot that is not a valid covey.v1 store message. */
export class StoreDecodeError extends StoreError {
  override name = 'StoreDecodeError';
  constructor(
    /** 'batch' (a Raft entry's payload) or 'snapshot'. */
    readonly what: 'batch' | 'snapshot',
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`cannot decode store ${what}: ${reason}`, options);
  }
}

/** A snapshot written by a format this manager does not know (a newer covey, most likely). */
export class UnsupportedSnapshotFormatError extends StoreError {
  override name = 'UnsupportedSnapshotFormatError';
  constructor(
    readonly found: number,
    readonly supported: readonly number[],
  ) {
    super(
      `store snapshot format ${found} is not supported (this manager reads format ${supported.join(', ')}); ` +
        'upgrade this manager or restore from a compatible snapshot',
    );
  }
}

/** A watcher that can no longer follow the store: the consumer must re-read (`find`) and watch again. */
export class WatchResyncError extends StoreError {
  override name = 'WatchResyncError';
}

/** The watcher's consumer fell more than `limit` events behind; it was closed rather than block apply. */
export class WatchOverflowError extends WatchResyncError {
  override name = 'WatchOverflowError';
  constructor(readonly limit: number) {
    super(`store watcher fell more than ${limit} events behind and was closed; re-read and watch again`);
  }
}

/** The store was replaced by a snapshot: events cannot describe the jump. */
export class StoreRestoredError extends WatchResyncError {
  override name = 'StoreRestoredError';
  constructor(readonly lastBatchIndex: number) {
    super(`store was restored from a snapshot (at batch index ${lastBatchIndex}); re-read and watch again`);
  }
}

/** Errors a batch can fail with; the batch then changed nothing. */
export type BatchError =
  | VersionConflictError
  | AlreadyExistsError
  | NotFoundError
  | NameConflictError
  | InvalidActionError
  | StoreDecodeError;
