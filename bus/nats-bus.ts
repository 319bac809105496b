// The bus on NATS JetStream: one connection (reconnecting forever), the two streams ensured at
// connect, and the log and event buses on top. close() ends open reads, then drains.
import { connect, type NatsConnection } from 'nats';
import type { Logger } from 'pino';
import { BusError, InvalidBusConfigError, NatsConnectError, NatsStreamSetupError } from './bus-errors.ts';
import { DEFAULT_SINCE_SLACK_MS, type NatsBusContext } from './nats-bus-context.ts';
import { NatsEventBus } from './nats-event-bus.ts';
import { NatsLogBus } from './nats-log-bus.ts';
import { ORDERED_READ_DEFAULTS, type OrderedReadTuning } from './nats-ordered-read.ts';
import {
  type BusStreamNames,
  defaultStreamNames,
  ensureStream,
  eventStreamConfig,
  logStreamConfig,
  NATS_STREAM_DEFAULTS,
  type NatsStreamLimits,
} from './nats-streams.ts';
import { BusSubjects, DEFAULT_BUS_PREFIX, subjectPrefixProblem } from './nats-subjects.ts';

export interface NatsBusOptions {
  /** NATS URLs, e.g. ['nats://127.0.0.1:4222']. */
  readonly servers: readonly string[];
  /** The connection's name as the server shows it (e.g. `covey-manager-<node id>`). */
  readonly name?: string | undefined;
  readonly logger: Logger;
  /** Subject prefix (default `covey`); tests use a unique one per run. */
  readonly prefix?: string | undefined;
  /** Stream names (default from the prefix: COVEY_LOGS, COVEY_EVENTS). */
  readonly streams?: Partial<BusStreamNames> | undefined;
  readonly limits?: Partial<NatsStreamLimits> | undefined;
  /**
   * Create or update the streams at connect (default true). A publisher that must not change the
   * managers' stream settings (an agent) passes false; its publishes fail until the streams exist.
   */
  readonly ensureStreams?: boolean | undefined;
  /** How long the first connection may take (default 5 s). */
  readonly connectTimeoutMs?: number | undefined;
  /** Keep trying the first connection instead of failing (default false). */
  readonly waitOnFirstConnect?: boolean | undefined;
  readonly sinceSlackMs?: number | undefined;
  readonly readTuning?: Partial<OrderedReadTuning> | undefined;
}

/** How long close() lets the connection drain before it closes it outright. */
const DRAIN_TIMEOUT_MS = 5_000;

export class NatsBus {
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly state: { closed: boolean },
    readonly logs: NatsLogBus,
    readonly events: NatsEventBus,
    /** The streams the bus reads and writes. */
    readonly streams: BusStreamNames,
    private readonly logger: Logger,
  ) {}

  /**
   * Connects, checks JetStream and ensures both streams. NatsConnectError when no server answers
   * (or it has no JetStream); NatsStreamSetupError when a stream cannot be created or updated.
   */
  static async connect(options: NatsBusOptions): Promise<NatsBus> {
    const prefix = options.prefix ?? DEFAULT_BUS_PREFIX;
    const prefixProblem = subjectPrefixProblem(prefix);
    if (prefixProblem !== undefined) throw new InvalidBusConfigError('prefix', prefixProblem);
    const streams = { ...defaultStreamNames(prefix), ...options.streams };
    const limits = { ...NATS_STREAM_DEFAULTS, ...options.limits };
    const logger = options.logger.child({ component: 'bus' });
    let nc: NatsConnection;
    try {
      nc = await connect({
        servers: [...options.servers],
        ...(options.name !== undefined ? { name: options.name } : {}),
        maxReconnectAttempts: -1,
        reconnectTimeWait: 1_000,
        timeout: options.connectTimeoutMs ?? 5_000,
        waitOnFirstConnect: options.waitOnFirstConnect === true,
      });
    } catch (err) {
      throw new NatsConnectError(options.servers, { cause: err });
    }
    let context: NatsBusContext;
    const state = { closed: false };
    try {
      const jsm = await nc.jetstreamManager().catch((err: unknown) => {
        throw new NatsConnectError(options.servers, { cause: err });
      });
      const subjects = new BusSubjects(prefix);
      if (options.ensureStreams !== false) {
        const logsDone = await ensureStream(jsm, logStreamConfig(streams.logs, subjects, limits));
        const eventsDone = await ensureStream(jsm, eventStreamConfig(streams.events, subjects, limits));
        logger.debug({ streams, logs: logsDone, events: eventsDone }, 'bus: JetStream streams ready');
      }
      context = {
        js: nc.jetstream(),
        jsm,
        subjects,
        streams,
        logger,
        tuning: { ...ORDERED_READ_DEFAULTS, ...options.readTuning },
        sinceSlackMs: options.sinceSlackMs ?? DEFAULT_SINCE_SLACK_MS,
        isClosed: () => state.closed || nc.isClosed(),
      };
    } catch (err) {
      await nc.close().catch(() => {});
      throw err instanceof BusError ? err : new NatsStreamSetupError(streams.logs, { cause: err });
    }
    const bus = new NatsBus(nc, state, new NatsLogBus(context), new NatsEventBus(context), streams, logger);
    bus.watchStatus();
    logger.info({ server: nc.getServer(), streams }, 'bus: connected to NATS');
    return bus;
  }

  /** Ends every open read, then drains the connection (pending publishes are flushed). */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    this.state.closed = true;
    await Promise.all([this.logs.closeReaders(), this.events.closeReaders()]);
    if (this.nc.isClosed()) return;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(resolve, DRAIN_TIMEOUT_MS, 'timeout');
    });
    try {
      const result = await Promise.race([this.nc.drain().then(() => 'drained' as const), timedOut]);
      if (result === 'timeout') {
        this.logger.warn('bus: NATS connection did not drain in time; closing it');
        await this.nc.close();
      }
    } catch (err) {
      this.logger.debug({ err }, 'bus: NATS connection was already closing');
      await this.nc.close().catch(() => {});
    } finally {
      clearTimeout(timer);
    }
  }

  private watchStatus(): void {
    void (async () => {
      for await (const status of this.nc.status()) {
        if (status.type === 'disconnect' || status.type === 'error') {
          this.logger.warn(
            { status: status.type, data: String(status.data) },
            'bus: NATS connection trouble',
          );
        } else if (status.type === 'reconnect') {
          this.logger.info({ server: String(status.data) }, 'bus: NATS reconnected');
        }
      }
    })().catch(() => {});
  }
}
