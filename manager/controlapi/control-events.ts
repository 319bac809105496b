import { Metadata } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import type { EventBus } from '../../bus/event-bus.ts';
import type { ClusterEvent } from '../../proto/gen/covey/v1/ClusterEvent.ts';
import { timestampMs } from '../../proto/time.ts';
import { statusOf, toServiceError } from '../grpc/error-status.ts';
import { WatchOverflowError, WatchResyncError } from '../store/errors.ts';
import type { StoreEvent } from '../store/store-event.ts';
import type { StoreWatcher } from '../store/store-watcher.ts';
import type { ControlContext } from './control-context.ts';
import { ControlClosingError, EventStreamLostError } from './control-errors.ts';
import { type EventSelection, eventSelection } from './control-event-filter.ts';
import { type EventsCall, serveEventHistory } from './control-event-history.ts';
import { eventTime, toClusterEvent } from './control-event-mapping.ts';
import { SpecValidationError } from './validation-error.ts';

export const MAX_EVENTS_PER_MESSAGE = 1000;
/** Events written but not yet taken by the transport before a slow client is cut off. */
export const DEFAULT_EVENT_BACKLOG_LIMIT = 50_000;
/**
 * Changes the watch may queue within one turn: a Raft ready loop can apply many 500-action batches
 * at once (a big deploy), and entries only reference the stored (shared, frozen) objects.
 */
export const EVENT_WATCH_QUEUE_LIMIT = 100_000;
/** setTimeout's limit; a later `until` is reached in several steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export type { EventsCall };

/** The `until` timer, the pump finishing by itself (an event past until, a failure), the client, or close(). */
type EndReason = 'until' | 'done' | 'cancelled' | ControlClosingError;

/** One client's stream. */
class EventStream {
  private endReason: EndReason | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** Events handed to call.write whose write has not completed (flow control holds them). */
  private inFlight = 0;

  constructor(
    private readonly ctx: ControlContext,
    private readonly call: EventsCall,
    private readonly selection: EventSelection,
    private readonly watcher: StoreWatcher,
    private readonly log: Logger,
    private readonly backlogLimit: number,
    /** Called once the stream has stopped, before the client is answered. */
    private readonly onEnd: (stream: EventStream) => void,
  ) {}

  /** Runs until the stream ends; never rejects. */
  async run(): Promise<void> {
    this.call.on('cancelled', () => this.stop('cancelled'));
    if (this.call.cancelled) this.stop('cancelled');
    this.armUntil();
    let failure: unknown;
    try {
      await this.pump();
    } catch (err) {
      failure = err;
    }
    this.stop('done');
    this.onEnd(this);
    this.respond(failure);
  }

  /** Ends the stream for `reason` (the first reason wins); queued events may still be read. */
  stop(reason: EndReason): void {
    if (this.endReason !== undefined) return;
    this.endReason = reason;
    clearTimeout(this.timer);
    this.watcher.close();
  }

  private get abandoned(): boolean {
    return this.endReason === 'cancelled' || this.endReason instanceof ControlClosingError;
  }

  private armUntil(): void {
    const until = this.selection.untilMs;
    if (until === undefined) return;
    const delay = until - this.ctx.now();
    if (delay <= 0) {
      this.stop('until');
      return;
    }
    this.timer = setTimeout(() => this.armUntil(), Math.min(delay, MAX_TIMER_MS));
  }

  private async pump(): Promise<void> {
    for (;;) {
      const changes = await this.watcher.nextTurn();
      if (changes === undefined || this.abandoned) return;
      const { events, passedUntil } = this.convert(changes);
      this.send(events);
      if (passedUntil) return;
    }
  }

  private convert(changes: readonly StoreEvent[]): { events: ClusterEvent[]; passedUntil: boolean } {
    const { sinceMs, untilMs, includeObjects } = this.selection;
    const events: ClusterEvent[] = [];
    const now = this.ctx.now();
    for (const change of changes) {
      const time = eventTime(change, now);
      const ms = timestampMs(time) ?? now;
      if (untilMs !== undefined && ms > untilMs) return { events, passedUntil: true };
      if (sinceMs !== undefined && ms < sinceMs) continue;
      events.push(toClusterEvent(change, time, includeObjects));
    }
    return { events, passedUntil: false };
  }

  /**
   * Writes without waiting for 'drain' (so the watch never backs up into the store), counting what
   * the transport has not taken yet. A client still holding more than the backlog limit from earlier
   * writes when new events come has stopped reading: it is cut off rather than buffered without end.
   */
  private send(events: readonly ClusterEvent[]): void {
    if (events.length > 0 && this.inFlight > this.backlogLimit) {
      throw new EventStreamLostError(
        true,
        `the client fell more than ${this.backlogLimit} events behind; re-read the state and open a new stream`,
      );
    }
    for (let i = 0; i < events.length; i += MAX_EVENTS_PER_MESSAGE) {
      if (this.abandoned) return;
      const chunk = events.slice(i, i + MAX_EVENTS_PER_MESSAGE);
      this.inFlight += chunk.length;
      this.call.write({ events: chunk }, () => {
        this.inFlight -= chunk.length;
      });
    }
  }

  private respond(failure: unknown): void {
    const reason = this.endReason;
    if (reason === 'cancelled') {
      this.log.debug({ reason: 'cancelled' }, 'event stream ended');
      return;
    }
    let error: unknown = reason instanceof ControlClosingError ? reason : undefined;
    if (failure !== undefined) {
      error =
        failure instanceof WatchResyncError
          ? new EventStreamLostError(failure instanceof WatchOverflowError, failure.message)
          : failure;
      const status = statusOf(error);
      if (!status.known) this.log.error({ err: failure }, 'event stream failed');
    }
    this.log.debug(
      { reason: error === undefined ? 'until' : (error as Error).message },
      'event stream ended',
    );
    if (error === undefined) this.call.end();
    else this.call.emit('error', toServiceError(error));
  }
}

/** Every open Events stream of one ControlService. */
export class EventStreams {
  private readonly open = new Set<EventStream>();
  private closed = false;
  /** Ends the history streams on close(). */
  private readonly closing = new AbortController();

  constructor(
    private readonly ctx: ControlContext,
    private readonly log: Logger,
    /** The event bus that answers a `since` in the past; none: such requests are refused. */
    private readonly history?: Pick<EventBus, 'read'>,
    private readonly backlogLimit = DEFAULT_EVENT_BACKLOG_LIMIT,
  ) {}

  get size(): number {
    return this.open.size;
  }

  /** Serves one (already authorized) call until it ends. */
  async serve(call: EventsCall): Promise<void> {
    if (this.closed) throw new ControlClosingError();
    const selection = eventSelection(call.request, this.ctx.now());
    if (selection.history) {
      if (this.history === undefined) {
        throw new SpecValidationError('since', 'past events are not retained by this manager (no event bus)');
      }
      call.sendMetadata(new Metadata());
      await serveEventHistory(call, selection, this.history, this.closing.signal);
      if (this.closing.signal.aborted) throw new ControlClosingError();
      if (!call.cancelled) call.end();
      return;
    }
    const watcher = this.ctx.store.watch({ ...selection.watch, queueLimit: EVENT_WATCH_QUEUE_LIMIT });
    // Headers tell the client the watch is in place: every change from here on reaches it.
    call.sendMetadata(new Metadata());
    const stream = new EventStream(this.ctx, call, selection, watcher, this.log, this.backlogLimit, (s) =>
      this.open.delete(s),
    );
    this.open.add(stream);
    this.log.debug({ open: this.open.size }, 'event stream started');
    await stream.run();
  }

  /** Ends every open stream with UNAVAILABLE; later calls are refused. */
  close(): void {
    this.closed = true;
    this.closing.abort();
    const closing = new ControlClosingError();
    for (const stream of this.open) stream.stop(closing);
  }
}
