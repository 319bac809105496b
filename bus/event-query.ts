// An EventQuery checked and reduced to what both buses filter on.
import type { ClusterEvent__Output } from '../proto/gen/covey/v1/ClusterEvent.ts';
import { EventType, type EventType__Output } from '../proto/gen/covey/v1/EventType.ts';
import { InvalidBusQueryError } from './bus-errors.ts';
import { eventTimeMs } from './cluster-event.ts';
import type { EventQuery } from './event-bus.ts';

export interface EventFilter {
  readonly sinceMs: number | undefined;
  readonly untilMs: number | undefined;
  readonly follow: boolean;
  /** Empty: every type. */
  readonly types: ReadonlySet<EventType__Output>;
}

const KNOWN_TYPES: ReadonlySet<number> = new Set(Object.values(EventType));

function checkTime(field: string, value: number | undefined): void {
  if (value !== undefined && !Number.isFinite(value)) throw new InvalidBusQueryError(field, 'is not a time');
}

/** The query's filter, or InvalidBusQueryError. */
export function eventFilter(query: EventQuery): EventFilter {
  checkTime('sinceMs', query.sinceMs);
  checkTime('untilMs', query.untilMs);
  for (const type of query.types ?? []) {
    if (!KNOWN_TYPES.has(type))
      throw new InvalidBusQueryError('types', `holds ${String(type)}, not an EventType`);
  }
  return {
    sinceMs: query.sinceMs,
    untilMs: query.untilMs,
    follow: query.follow === true,
    types: new Set(query.types ?? []),
  };
}

/** Whether `event` passes the filter's since/until/types. */
export function eventMatches(event: ClusterEvent__Output, filter: EventFilter): boolean {
  if (filter.types.size > 0 && !filter.types.has(event.type)) return false;
  const time = eventTimeMs(event);
  if (filter.sinceMs !== undefined && time < filter.sinceMs) return false;
  if (filter.untilMs !== undefined && time > filter.untilMs) return false;
  return true;
}
