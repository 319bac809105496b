// The event bus on NATS JetStream: an event is a protobuf ClusterEvent on
// `<prefix>.events.<type>.<objectId>`, published with its identity as Nats-Msg-Id so that the same
// change published by several managers is stored once; reads also drop repeats the window missed.
import type { JsMsg } from 'nats';
import type { ClusterEvent, ClusterEvent__Output } from '../proto/gen/covey/v1/ClusterEvent.ts';
import { decodeClusterEvent, encodeClusterEvent } from './bus-codec.ts';
import { BusClosedError } from './bus-errors.ts';
import type { BusReader } from './bus-reader.ts';
import { clusterEventIdentity, eventKey, sortByVersion } from './cluster-event.ts';
import type { EventBus, EventQuery } from './event-bus.ts';
import { type EventFilter, eventFilter, eventMatches } from './event-query.ts';
import type { NatsBusContext } from './nats-bus-context.ts';
import { orderedRead } from './nats-ordered-read.ts';
import { publishToStream } from './nats-publish.ts';
import { OpenReaders } from './open-readers.ts';
import { readBatches } from './read-batch.ts';
import { RecentKeys } from './recent-keys.ts';

/** Keys a read remembers for deduplication beyond the stream's window. */
const READ_DEDUP_KEYS = 16_384;

interface SizedEvent {
  readonly event: ClusterEvent__Output;
  readonly size: number;
}

export class NatsEventBus implements EventBus {
  private readonly readers = new OpenReaders();
  private malformed = 0;

  constructor(private readonly ctx: NatsBusContext) {}

  /** Messages on event subjects that were not covey cluster events, skipped by reads so far. */
  get malformedSkipped(): number {
    return this.malformed;
  }

  /** Reads not yet ended. */
  get openReaders(): number {
    return this.readers.size;
  }

  async publish(events: readonly ClusterEvent[]): Promise<void> {
    if (this.ctx.isClosed()) throw new BusClosedError('publish');
    const encoded = events.map((event, index) => {
      const id = clusterEventIdentity(event, index);
      return {
        version: id.version,
        subject: this.ctx.subjects.event(id.type, id.objectId),
        data: encodeClusterEvent(event),
        msgId: eventKey(id),
      };
    });
    await publishToStream(
      this.ctx.js,
      'events',
      this.ctx.streams.events,
      sortByVersion(encoded, (e) => e.version),
    );
  }

  read(query: EventQuery): BusReader<ClusterEvent__Output> {
    if (this.ctx.isClosed()) throw new BusClosedError('read');
    const filter = eventFilter(query);
    return this.readers.open((stop, opened) => this.run(filter, stop, opened), query.signal);
  }

  /** Ends every open read (the bus is closing). */
  closeReaders(): Promise<void> {
    return this.readers.closeAll();
  }

  private async *run(
    filter: EventFilter,
    stop: AbortSignal,
    opened: () => void,
  ): AsyncGenerator<ClusterEvent__Output[], void, undefined> {
    if (filter.sinceMs === undefined && !filter.follow) {
      opened();
      return;
    }
    // A follow read with an end: stop when the clock passes it.
    const until = new AbortController();
    const stopUntil = () => until.abort();
    stop.addEventListener('abort', stopUntil, { once: true });
    if (stop.aborted) until.abort();
    const timer =
      filter.follow && filter.untilMs !== undefined
        ? setTimeout(stopUntil, Math.min(2 ** 31 - 1, Math.max(0, filter.untilMs - Date.now() + 1)))
        : undefined;
    try {
      const { subjects } = this.ctx;
      const [onlyType] = filter.types.size === 1 ? filter.types : [];
      const seen = new RecentKeys(READ_DEDUP_KEYS);
      for await (const step of orderedRead({
        js: this.ctx.js,
        jsm: this.ctx.jsm,
        stream: this.ctx.streams.events,
        filterSubject: onlyType !== undefined ? subjects.eventsOfType(onlyType) : subjects.allEvents,
        start:
          filter.sinceMs === undefined
            ? { kind: 'new' }
            : { kind: 'time', ms: filter.sinceMs - this.ctx.sinceSlackMs },
        follow: filter.follow,
        stop: until.signal,
        opened,
        tuning: this.ctx.tuning,
        logger: this.ctx.logger,
      })) {
        if (step.kind === 'past-complete') continue;
        const events = sortByVersion(this.decode(step.messages, filter, seen), (e) => e.event.version);
        for (const batch of readBatches(events, (e) => e.size)) yield batch.map((e) => e.event);
      }
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      stop.removeEventListener('abort', stopUntil);
    }
  }

  private decode(messages: readonly JsMsg[], filter: EventFilter, seen: RecentKeys): SizedEvent[] {
    const events: SizedEvent[] = [];
    for (const m of messages) {
      const event = decodeClusterEvent(m.data);
      if (event instanceof Error) {
        this.malformed++;
        this.ctx.logger.warn(
          { subject: m.subject, seq: m.info.streamSequence, reason: event.message, skipped: this.malformed },
          'bus: skipping a message on an event subject that is not a covey cluster event',
        );
        continue;
      }
      if (!eventMatches(event, filter)) continue;
      if (!seen.add(eventKey(event))) continue;
      events.push({ event, size: m.data.byteLength });
    }
    return events;
  }
}
