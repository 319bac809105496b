// The contract every event bus keeps (embedded ring, NATS JetStream): managers publish cluster
// events, possibly the same change from several managers, and readers get each once, by version.
import type { ClusterEvent, ClusterEvent__Output } from '../proto/gen/covey/v1/ClusterEvent.ts';
import type { EventType__Output } from '../proto/gen/covey/v1/EventType.ts';
import type { BusReader } from './bus-reader.ts';

/** What to read; the part of covey.v1.EventsRequest the bus answers (the rest is the manager's). */
export interface EventQuery {
  /** Events whose time is at or after this (epoch ms); absent: only events published from now on. */
  readonly sinceMs?: number | undefined;
  /** Only events whose time is at or before this; a follow read ends when the clock passes it. */
  readonly untilMs?: number | undefined;
  /** After the past events, keep delivering new ones until the reader is returned or aborted. */
  readonly follow?: boolean | undefined;
  /** Only these types; absent or empty: every type. */
  readonly types?: readonly EventType__Output[] | undefined;
  /** Ends the read (cleanly: the iteration finishes) when it fires. */
  readonly signal?: AbortSignal | undefined;
}

export interface EventBus {
  /**
   * Stores a batch of events, in version order within the batch. An event already stored — same
   * (version, type, object id), e.g. published by another manager — is dropped. A bad event (no
   * object id, an id that is not a subject token, a negative version) refuses the whole batch with
   * InvalidClusterEventError.
   */
  publish(events: readonly ClusterEvent[]): Promise<void>;
  /**
   * Batches (≤ 1000 events, about ≤ 1 MiB) of the retained events matching the query, then with
   * `follow` new ones as they are published; each (version, type, object id) at most once, in
   * version order as long as every publisher publishes in version order. A non-follow read ends
   * once it has delivered what was retained when the reader opened.
   */
  read(query: EventQuery): BusReader<ClusterEvent__Output>;
}
