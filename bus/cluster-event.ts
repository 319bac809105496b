// What the buses need to know of a cluster event before storing it: its identity (version, type,
// object id — the deduplication key), checked once at publish, and its time for since/until.
import type { ClusterEvent, ClusterEvent__Output } from '../proto/gen/covey/v1/ClusterEvent.ts';
import { EventType, type EventType__Output } from '../proto/gen/covey/v1/EventType.ts';
import { timestampMs } from '../proto/time.ts';
import { InvalidClusterEventError } from './bus-errors.ts';
import { subjectTokenProblem } from './subject-token.ts';

/** The identity of one change of one object; several managers publishing it publish the same one. */
export interface EventIdentity {
  readonly version: number;
  readonly type: EventType__Output;
  readonly objectId: string;
}

function eventTypeNumber(type: ClusterEvent['type']): EventType__Output | undefined {
  if (type === undefined) return EventType.EVENT_TYPE_UNKNOWN;
  if (typeof type === 'number') {
    return (Object.values(EventType) as number[]).includes(type) ? (type as EventType__Output) : undefined;
  }
  return EventType[type];
}

/** The identity of `event`, or InvalidClusterEventError (index = `index`) naming what is wrong. */
export function clusterEventIdentity(event: ClusterEvent, index: number): EventIdentity {
  const raw = event.version ?? 0;
  const version = typeof raw === 'number' ? raw : Number(raw.toString());
  if (!Number.isSafeInteger(version) || version < 0) {
    throw new InvalidClusterEventError(index, `version ${String(raw)} is not a non-negative integer`);
  }
  const type = eventTypeNumber(event.type);
  if (type === undefined)
    throw new InvalidClusterEventError(index, `type ${String(event.type)} is not an EventType`);
  const problem = subjectTokenProblem(event.objectId);
  if (problem !== undefined) throw new InvalidClusterEventError(index, `objectId ${problem}`);
  return { version, type, objectId: event.objectId as string };
}

/** The deduplication key; also the JetStream message id (Nats-Msg-Id). */
export function eventKey(id: EventIdentity): string {
  return `${id.version}:${id.type}:${id.objectId}`;
}

/** The event's time in epoch ms; an event without one counts as the epoch for since/until. */
export function eventTimeMs(event: ClusterEvent__Output): number {
  return timestampMs(event.time) ?? 0;
}

/** Stable sort by version (in place), skipped when already in order, as it nearly always is. */
export function sortByVersion<T>(items: T[], versionOf: (item: T) => number): T[] {
  for (let i = 1; i < items.length; i++) {
    if (versionOf(items[i]!) < versionOf(items[i - 1]!))
      return items.sort((a, b) => versionOf(a) - versionOf(b));
  }
  return items;
}
