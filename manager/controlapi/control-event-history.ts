// Events from the past: an Events request whose `since` lies behind now is answered from the event
// bus — its retained history, then (following the bus) every new event — with the request's filters
// applied to the ClusterEvents. Objects are dropped unless asked for. Flow control is the client's
// transport: a slow client slows its own read of the bus, never the store.
import type * as grpc from '@grpc/grpc-js';
import type { EventBus } from '../../bus/event-bus.ts';
import type { ClusterEvent__Output } from '../../proto/gen/covey/v1/ClusterEvent.ts';
import type { EventsRequest__Output } from '../../proto/gen/covey/v1/EventsRequest.ts';
import type { EventsResponse } from '../../proto/gen/covey/v1/EventsResponse.ts';
import { writeWithBackpressure } from '../grpc/stream-write.ts';
import type { EventSelection } from './control-event-filter.ts';

export const MAX_HISTORY_EVENTS_PER_MESSAGE = 1000;

export type EventsCall = grpc.ServerWritableStream<EventsRequest__Output, EventsResponse>;

function withoutObject(e: ClusterEvent__Output): ClusterEvent__Output {
  const { service: _s, task: _t, node: _n, cluster: _c, object: _o, ...rest } = e;
  return rest as ClusterEvent__Output;
}

/** Serves `call` from `bus` until the read ends (until), the client cancels, or `closing` fires. */
export async function serveEventHistory(
  call: EventsCall,
  selection: EventSelection,
  bus: Pick<EventBus, 'read'>,
  closing: AbortSignal,
): Promise<void> {
  const abort = new AbortController();
  const stop = (): void => abort.abort();
  call.on('cancelled', stop);
  closing.addEventListener('abort', stop, { once: true });
  const reader = bus.read({
    sinceMs: selection.sinceMs,
    untilMs: selection.untilMs,
    follow: true,
    types: call.request.types,
    signal: abort.signal,
  });
  try {
    for await (const batch of reader) {
      const events = batch
        .filter(selection.matches)
        .map((e) => (selection.includeObjects ? e : withoutObject(e)));
      for (let i = 0; i < events.length && !abort.signal.aborted; i += MAX_HISTORY_EVENTS_PER_MESSAGE) {
        await writeWithBackpressure(
          call,
          { events: events.slice(i, i + MAX_HISTORY_EVENTS_PER_MESSAGE) },
          abort.signal,
        );
      }
      if (abort.signal.aborted) break;
    }
  } finally {
    call.off('cancelled', stop);
    closing.removeEventListener('abort', stop);
    await reader.return();
  }
}
