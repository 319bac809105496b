// Named failures of the log and event bus. Input mistakes (a bad line, event or query) are refused
// before anything is published or read; I/O failures keep the library's error as `cause`.

export class BusError extends Error {
  override name = 'BusError';
}

/** A log line that cannot be published; nothing of its batch was published. */
export class InvalidLogMessageError extends BusError {
  override name = 'InvalidLogMessageError';
  constructor(
    /** Position of the line in the batch given to publish(). */
    readonly index: number,
    readonly reason: string,
  ) {
    super(`log line ${index}: ${reason}`);
  }
}

/** A cluster event that cannot be published; nothing of its batch was published. */
export class InvalidClusterEventError extends BusError {
  override name = 'InvalidClusterEventError';
  constructor(
    /** Position of the event in the batch given to publish(). */
    readonly index: number,
    readonly reason: string,
  ) {
    super(`cluster event ${index}: ${reason}`);
  }
}

/** A read whose query is not valid (no service, a malformed task ID, an unknown stream). */
export class InvalidBusQueryError extends BusError {
  override name = 'InvalidBusQueryError';
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`invalid bus query: ${field} ${reason}`);
  }
}

/** A bus option that cannot work (a subject prefix with a wildcard, say). */
export class InvalidBusConfigError extends BusError {
  override name = 'InvalidBusConfigError';
  constructor(
    readonly option: string,
    readonly reason: string,
  ) {
    super(`invalid bus option ${option}: ${reason}`);
  }
}

/** publish() or read() on a bus after close(). */
export class BusClosedError extends BusError {
  override name = 'BusClosedError';
  constructor(readonly operation: 'publish' | 'read') {
    super(`cannot ${operation}: the bus is closed`);
  }
}

/** The NATS server did not acknowledge every message of a batch; those before `acknowledged` are stored. */
export class BusPublishError extends BusError {
  override name = 'BusPublishError';
  constructor(
    readonly what: 'logs' | 'events',
    readonly stream: string,
    /** How many messages of the batch the server acknowledged, in order, before the failure. */
    readonly acknowledged: number,
    readonly total: number,
    options?: ErrorOptions,
  ) {
    const why = options?.cause instanceof Error ? `: ${options.cause.message}` : '';
    super(`publishing ${what} to stream ${stream} failed after ${acknowledged} of ${total}${why}`, options);
  }
}

/** A read could not open or continue its JetStream consumer (stream missing, server gone). */
export class BusReadError extends BusError {
  override name = 'BusReadError';
  constructor(
    readonly stream: string,
    readonly filterSubject: string,
    options?: ErrorOptions,
  ) {
    const why = options?.cause instanceof Error ? `: ${options.cause.message}` : '';
    super(`reading ${filterSubject} from stream ${stream} failed${why}`, options);
  }
}

/** No NATS server answered at the configured addresses. */
export class NatsConnectError extends BusError {
  override name = 'NatsConnectError';
  constructor(
    readonly servers: readonly string[],
    options?: ErrorOptions,
  ) {
    const why = options?.cause instanceof Error ? `: ${options.cause.message}` : '';
    super(`cannot connect to NATS at ${servers.join(', ')}${why}`, options);
  }
}

/** A JetStream stream could not be created or brought to covey's configuration. */
export class NatsStreamSetupError extends BusError {
  override name = 'NatsStreamSetupError';
  constructor(
    readonly stream: string,
    options?: ErrorOptions,
  ) {
    const why = options?.cause instanceof Error ? `: ${options.cause.message}` : '';
    super(`cannot create or update JetStream stream ${stream}${why}`, options);
  }
}

/** `--nats auto` found no nats-server binary. */
export class NatsServerNotFoundError extends BusError {
  override name = 'NatsServerNotFoundError';
  constructor(
    readonly binary: string,
    /** The directories searched (empty when `binary` was a path). */
    readonly searched: readonly string[],
  ) {
    const where = searched.length > 0 ? ` in ${searched.join(':')}` : '';
    super(`nats-server not found: no executable ${binary}${where}; install nats-server or give a NATS URL`);
  }
}

/** A nats-server process was started but did not come up (exited, or not ready before the deadline). */
export class NatsServerStartError extends BusError {
  override name = 'NatsServerStartError';
  constructor(
    readonly binary: string,
    readonly url: string,
    readonly reason: string,
    /** The last lines the server printed, for the operator. */
    readonly output: string,
    options?: ErrorOptions,
  ) {
    super(
      `nats-server (${binary}) did not come up at ${url}: ${reason}${output ? `\n${output}` : ''}`,
      options,
    );
  }
}

/** Bytes found on a bus subject that are not a valid covey message; readers skip and count them. */
export class MalformedBusMessageError extends BusError {
  override name = 'MalformedBusMessageError';
  constructor(
    readonly what: 'log line' | 'cluster event',
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`malformed ${what}: ${reason}`, options);
  }
}
