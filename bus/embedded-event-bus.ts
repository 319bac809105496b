// The in-process event bus (no NATS): a bounded ring of events (by count and age) that drops an
// event already stored under the same (version, type, object id), as JetStream's dedup window does.
import type { ClusterEvent, ClusterEvent__Output } from '../proto/gen/covey/v1/ClusterEvent.ts';
import { decodeClusterEvent, encodeClusterEvent } from './bus-codec.ts';
import { type BusReader, openBusReader } from './bus-reader.ts';
import { clusterEventIdentity, eventKey, sortByVersion } from './cluster-event.ts';
import type { EventBus, EventQuery } from './event-bus.ts';
import { type EventFilter, eventFilter, eventMatches } from './event-query.ts';
import { PublishSignal } from './publish-signal.ts';
import { readBatches } from './read-batch.ts';
import { type Sequenced, SequencedRing } from './sequenced-ring.ts';

export interface EmbeddedEventBusOptions {
  /** Events kept (default 10,000). */
  readonly maxEvents?: number | undefined;
  /** How long an event is kept after it was published (default 24 h, as the NATS stream). */
  readonly maxAgeMs?: number | undefined;
  /** The clock for ages and for ending a follow read at its untilMs. */
  readonly now?: (() => number) | undefined;
}

export const EMBEDDED_EVENT_DEFAULTS = Object.freeze({
  maxEvents: 10_000,
  maxAgeMs: 24 * 60 * 60 * 1000,
});

interface StoredEvent extends Sequenced {
  readonly event: ClusterEvent__Output;
  readonly key: string;
  readonly storedAt: number;
}

export class EmbeddedEventBus implements EventBus {
  private readonly maxEvents: number;
  private readonly maxAgeMs: number;
  private readonly now: () => number;
  private readonly ring = new SequencedRing<StoredEvent>();
  /** Key → sequence number of every kept event, for deduplication. */
  private readonly keys = new Map<string, number>();
  private seq = 0;
  private readonly published = new PublishSignal();
  private readers = 0;

  constructor(options: EmbeddedEventBusOptions = {}) {
    this.maxEvents = options.maxEvents ?? EMBEDDED_EVENT_DEFAULTS.maxEvents;
    this.maxAgeMs = options.maxAgeMs ?? EMBEDDED_EVENT_DEFAULTS.maxAgeMs;
    this.now = options.now ?? Date.now;
  }

  /** Reads not yet ended (a returned or aborted read releases its slot). */
  get openReaders(): number {
    return this.readers;
  }

  /** Events kept now. */
  get size(): number {
    this.evictExpired();
    return this.ring.length;
  }

  async publish(events: readonly ClusterEvent[]): Promise<void> {
    const identities = events.map((event, index) => clusterEventIdentity(event, index));
    // Through the wire encoding, so the embedded bus returns exactly what the NATS bus would.
    const decoded = events.map((event, index) => {
      const data = encodeClusterEvent(event);
      const canonical = decodeClusterEvent(data);
      if (canonical instanceof Error) throw canonical;
      return { event: canonical, key: eventKey(identities[index]!), size: data.byteLength };
    });
    const storedAt = this.now();
    let added = 0;
    for (const { event, key, size } of sortByVersion(decoded, (e) => e.event.version)) {
      if (this.keys.has(key)) continue;
      const seq = ++this.seq;
      this.ring.push({ event, key, size, seq, storedAt });
      this.keys.set(key, seq);
      added++;
    }
    while (this.ring.length > this.maxEvents) this.drop();
    this.evictExpired();
    if (added > 0) this.published.notify();
  }

  read(query: EventQuery): BusReader<ClusterEvent__Output> {
    const filter = eventFilter(query);
    this.readers++;
    return openBusReader((stop, opened) => this.run(filter, stop, opened), {
      signal: query.signal,
      onClose: () => this.readers--,
    });
  }

  private async *run(
    filter: EventFilter,
    stop: AbortSignal,
    opened: () => void,
  ): AsyncGenerator<ClusterEvent__Output[], void, undefined> {
    this.evictExpired();
    const snapshot = this.seq;
    const past: StoredEvent[] = [];
    if (filter.sinceMs !== undefined) {
      for (const entry of this.ring.after(0)) if (eventMatches(entry.event, filter)) past.push(entry);
    }
    opened();
    for (const batch of readBatches(
      sortByVersion(past, (e) => e.event.version),
      (e) => e.size,
    )) {
      if (stop.aborted) return;
      yield batch.map((e) => e.event);
    }
    let cursor = snapshot;
    while (filter.follow && !stop.aborted) {
      const untilIn = filter.untilMs === undefined ? undefined : filter.untilMs - this.now();
      if (untilIn !== undefined && untilIn < 0) return;
      const fresh: StoredEvent[] = [];
      for (const entry of this.ring.after(cursor)) if (eventMatches(entry.event, filter)) fresh.push(entry);
      cursor = this.seq;
      if (fresh.length === 0) {
        await this.published.wait(stop, untilIn);
        continue;
      }
      for (const batch of readBatches(
        sortByVersion(fresh, (e) => e.event.version),
        (e) => e.size,
      )) {
        if (stop.aborted) return;
        yield batch.map((e) => e.event);
      }
    }
  }

  private evictExpired(): void {
    const oldest = this.now() - this.maxAgeMs;
    while (this.ring.first !== undefined && this.ring.first.storedAt < oldest) this.drop();
  }

  private drop(): void {
    const entry = this.ring.shift();
    if (entry !== undefined && this.keys.get(entry.key) === entry.seq) this.keys.delete(entry.key);
  }
}
