// Named errors of the durable Raft store (WAL segments, snapshot files, FORMAT). Each carries typed
// fields so the daemon can print one clear message (which file, which offset) without parsing text.

export class WalError extends Error {
  override name = 'WalError';
}

/** A record that fails its checksum or framing somewhere a torn write cannot explain. */
export class WalCorruptError extends WalError {
  override name = 'WalCorruptError';
  constructor(
    readonly file: string,
    readonly offset: number,
    readonly reason: string,
  ) {
    super(`raft WAL is corrupt: ${file} at offset ${offset}: ${reason}`);
  }
}

/** The FORMAT file names a layout this build does not know. */
export class WalFormatError extends WalError {
  override name = 'WalFormatError';
  constructor(
    readonly file: string,
    readonly found: string,
    readonly expected: string,
  ) {
    super(`raft WAL format in ${file} is '${found}', this build only reads '${expected}'; refusing to start`);
  }
}

/** `open` on a directory that holds no WAL. */
export class WalNotFoundError extends WalError {
  override name = 'WalNotFoundError';
  constructor(readonly dir: string) {
    super(`no raft WAL in ${dir}`);
  }
}

/** `create` on a directory that already holds a WAL. */
export class WalExistsError extends WalError {
  override name = 'WalExistsError';
  constructor(
    readonly dir: string,
    readonly detail = '',
  ) {
    super(`a raft WAL already exists in ${dir}${detail ? ` (${detail})` : ''}`);
  }
}

/** Use after `close()`. */
export class WalClosedError extends WalError {
  override name = 'WalClosedError';
  constructor() {
    super('raft WAL is closed');
  }
}

/**
 * A write or fsync failed. After a failed fsync the kernel may have dropped dirty pages, so nothing
 * written since the last good sync can be trusted: the WAL refuses all further work and the node
 * must restart and recover from disk.
 */
export class WalFailedError extends WalError {
  override name = 'WalFailedError';
  constructor(cause: unknown) {
    super(
      `raft WAL write failed, restart required: ${cause instanceof Error ? cause.message : String(cause)}`,
      {
        cause,
      },
    );
  }
}

/** A snapshot file that is truncated, fails its checksum, or does not match its name. */
export class SnapshotCorruptError extends WalError {
  override name = 'SnapshotCorruptError';
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`raft snapshot ${file} is corrupt: ${reason}`);
  }
}

export interface SnapshotAttempt {
  readonly file: string;
  readonly reason: string;
}

/** Recovery found no snapshot (or empty start) from which the remaining log rebuilds the state. */
export class SnapshotUnavailableError extends WalError {
  override name = 'SnapshotUnavailableError';
  constructor(
    readonly dir: string,
    readonly attempts: readonly SnapshotAttempt[],
  ) {
    super(
      `raft WAL in ${dir} cannot be recovered: no usable snapshot covers the log` +
        (attempts.length > 0 ? ` (${attempts.map((a) => `${a.file}: ${a.reason}`).join('; ')})` : ''),
    );
  }
}
