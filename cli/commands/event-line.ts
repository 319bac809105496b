// One cluster event as `covey events` prints it: Docker's line (`TIME TYPE ACTION ID (k=v, ...)`, the
// time in UTC with nanoseconds, attributes sorted by key) or one JSON object per line.
import type { ClusterEvent__Output } from '../../proto/gen/covey/v1/ClusterEvent.ts';
import { EventAction } from '../../proto/gen/covey/v1/EventAction.ts';
import { EventType } from '../../proto/gen/covey/v1/EventType.ts';
import type { Timestamp__Output } from '../../proto/gen/google/protobuf/Timestamp.ts';

/** `EVENT_TYPE_SERVICE` → `service`. */
function word(values: Readonly<Record<string, number>>, prefix: string, value: number): string {
  for (const [key, v] of Object.entries(values))
    if (v === value) return key.slice(prefix.length).toLowerCase();
  return String(value);
}

export function eventTypeName(type: number): string {
  return word(EventType, 'EVENT_TYPE_', type);
}

export function eventActionName(action: number): string {
  return word(EventAction, 'EVENT_ACTION_', action);
}

/** RFC 3339 in UTC with all nine digits of nanoseconds, as Docker prints event times. */
export function rfc3339Nano(t: Timestamp__Output | null): string {
  if (t === null) return '';
  const seconds = new Date(t.seconds * 1000).toISOString().slice(0, 19);
  return `${seconds}.${String(t.nanos).padStart(9, '0')}Z`;
}

function sortedAttributes(e: ClusterEvent__Output): [string, string][] {
  return Object.entries(e.attributes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

export function formatEventLine(e: ClusterEvent__Output): string {
  const attrs = sortedAttributes(e)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  const head = `${rfc3339Nano(e.time)} ${eventTypeName(e.type)} ${eventActionName(e.action)} ${e.objectId}`;
  return `${attrs === '' ? head : `${head} (${attrs})`}\n`;
}

export function formatEventJson(e: ClusterEvent__Output): string {
  return `${JSON.stringify({
    time: rfc3339Nano(e.time),
    type: eventTypeName(e.type),
    action: eventActionName(e.action),
    id: e.objectId,
    version: e.version,
    attributes: Object.fromEntries(sortedAttributes(e)),
  })}\n`;
}
