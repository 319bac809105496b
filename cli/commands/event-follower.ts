// The resumable Events loop of `covey events`: one stream at a time; when its manager goes away the
// stream is opened again on the next manager with `since` a little before the last event seen (so the
// new manager answers from its event history), and what was already shown is skipped (EventPosition).
// Ends when the server ends the stream (`until`), on cancel(), or after too many failed attempts.
import * as grpc from '@grpc/grpc-js';
import type { ClusterEvent__Output } from '../../proto/gen/covey/v1/ClusterEvent.ts';
import type { EventsRequest } from '../../proto/gen/covey/v1/EventsRequest.ts';
import type { EventsResponse__Output } from '../../proto/gen/covey/v1/EventsResponse.ts';
import { timestampFromMs, timestampMs } from '../../proto/time.ts';
import { EventPosition } from './event-position.ts';
import { EventStreamLostError } from './event-stream-lost-error.ts';

/** The part of grpc-js's ClientReadableStream the follower uses. */
export interface EventCall {
  on(event: 'metadata', listener: () => void): unknown;
  on(event: 'data', listener: (r: EventsResponse__Output) => void): unknown;
  on(event: 'error', listener: (error: grpc.ServiceError) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  cancel(): void;
}

/** What the follower needs of ControlClient. */
export interface EventSource {
  events(r: EventsRequest): EventCall;
  readonly addresses: readonly string[];
  readonly currentAddress: string;
  failover(): string;
}

export interface ResumeNote {
  readonly from: string;
  readonly to: string;
  readonly reason: string;
}

export interface EventFollowerOptions {
  /** The `since` asked for (epoch ms); the request's own `since` is ignored. */
  readonly sinceMs?: number | undefined;
  readonly onEvent: (e: ClusterEvent__Output) => void;
  /** Told before each new attempt after a stream that had been open broke. */
  readonly onResume?: (note: ResumeNote) => void;
  readonly now?: () => number;
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Consecutive failed attempts before giving up; default two rounds over the managers, at least 4. */
  readonly maxAttempts?: number;
}

/**
 * A `since` is sent at least this long ago (events before the asked-for time are dropped here): the
 * server takes a `since` within its clock-skew allowance (5 s) as "from now", which would miss the
 * recent past a user asked for, or what happened while no stream was open.
 */
export const RESUME_LOOKBACK_MS = 10_000;
/** A stream that stayed open this long before breaking counts as a success (the attempts restart). */
export const STABLE_STREAM_MS = 5_000;
const MAX_BACKOFF_MS = 2_000;

/** Failures another manager (or the same one, back again) may not have. */
const RESUMABLE = new Set<grpc.status>([
  grpc.status.UNAVAILABLE,
  grpc.status.DEADLINE_EXCEEDED,
  // The manager's store jumped to a snapshot, or this client fell too far behind: re-read history.
  grpc.status.ABORTED,
  grpc.status.RESOURCE_EXHAUSTED,
  // A transport reset (RST_STREAM) surfaces as INTERNAL; CANCELLED not asked for is a dropped call.
  grpc.status.INTERNAL,
  grpc.status.CANCELLED,
]);

type Outcome =
  | { readonly kind: 'ended' }
  | {
      readonly kind: 'lost';
      readonly error: grpc.ServiceError;
      /** The server had answered (sent headers) before the stream broke. */
      readonly opened: boolean;
      /** It delivered an event or stayed open STABLE_STREAM_MS: the attempts start over. */
      readonly healthy: boolean;
    };

function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

export class EventFollower {
  private readonly position = new EventPosition();
  private readonly stopping = new AbortController();
  private stream: EventCall | undefined;
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly maxAttempts: number;

  constructor(
    private readonly source: EventSource,
    private readonly request: Omit<EventsRequest, 'since'>,
    private readonly o: EventFollowerOptions,
  ) {
    this.now = o.now ?? Date.now;
    this.sleep = o.sleep ?? defaultSleep;
    this.maxAttempts = o.maxAttempts ?? Math.max(4, 2 * source.addresses.length);
  }

  /** Ends the stream; run() then resolves. */
  cancel(): void {
    this.stopping.abort();
    this.stream?.cancel();
  }

  /**
   * Follows until the server ends the stream or cancel(); rejects with the server's error when it
   * refuses the request, or EventStreamLostError when no manager could be reached.
   */
  async run(): Promise<void> {
    const startedMs = this.now();
    const requestedSince = this.o.sinceMs;
    /** Events older than this are not shown: the request itself reaches further back (withSince). */
    let floorMs = requestedSince;
    let request = this.withSince(requestedSince);
    let failures = 0;
    while (!this.stopping.signal.aborted) {
      const outcome = await this.attempt(request, floorMs);
      if (outcome.kind === 'ended' || this.stopping.signal.aborted) return;
      const { error } = outcome;
      if (!RESUMABLE.has(error.code)) throw error;
      failures = outcome.healthy ? 1 : failures + 1;
      if (failures >= this.maxAttempts) {
        throw new EventStreamLostError(this.source.addresses, failures, error.code, error.details, {
          cause: error,
        });
      }
      const from = this.source.currentAddress;
      const to = this.source.failover();
      if (outcome.opened) this.o.onResume?.({ from, to, reason: error.details });
      await this.sleep(Math.min(100 * 2 ** (failures - 1), MAX_BACKOFF_MS), this.stopping.signal);
      // Before the first event only the time tells what is new; after it, the position does (a
      // time floor then would drop events stamped by a server clock behind this one).
      const last = this.position.lastTimeMs;
      floorMs = last === undefined ? (requestedSince ?? startedMs) : requestedSince;
      request = this.withSince(last ?? floorMs);
    }
  }

  /**
   * The request reading from `sinceMs`, reaching back at least RESUME_LOOKBACK_MS: the server takes a
   * `since` within its clock-skew allowance as "from now" and would skip what happened in between.
   */
  private withSince(sinceMs: number | undefined): EventsRequest {
    if (sinceMs === undefined) return { ...this.request };
    return { ...this.request, since: timestampFromMs(Math.min(sinceMs, this.now() - RESUME_LOOKBACK_MS)) };
  }

  /** One stream, until it ends or breaks. */
  private attempt(request: EventsRequest, floorMs: number | undefined): Promise<Outcome> {
    return new Promise((resolve) => {
      const stream = this.source.events(request);
      this.stream = stream;
      let openedMs: number | undefined;
      let delivered = false;
      stream.on('metadata', () => {
        openedMs = this.now();
      });
      stream.on('data', (r: EventsResponse__Output) => {
        for (const e of r.events) {
          if (floorMs !== undefined && (timestampMs(e.time) ?? floorMs) < floorMs) continue;
          if (!this.position.accept(e)) continue;
          delivered = true;
          this.o.onEvent(e);
        }
      });
      stream.on('error', (error: grpc.ServiceError) => {
        const healthy = delivered || (openedMs !== undefined && this.now() - openedMs >= STABLE_STREAM_MS);
        resolve({ kind: 'lost', error, opened: openedMs !== undefined, healthy });
      });
      stream.on('end', () => resolve({ kind: 'ended' }));
    });
  }
}
