// Conversions between protobuf Timestamp/Duration ({seconds, nanos}) and epoch milliseconds, shared by
// every manager and agent component. An absent value stays absent so callers can apply the default.
import type { Duration__Output } from './gen/google/protobuf/Duration.ts';
import type { Timestamp__Output } from './gen/google/protobuf/Timestamp.ts';

export function durationMs(d: Duration__Output | null | undefined): number | undefined {
  if (d === null || d === undefined) return undefined;
  return d.seconds * 1000 + Math.floor(d.nanos / 1_000_000);
}

export function timestampMs(t: Timestamp__Output | null | undefined): number | undefined {
  if (t === null || t === undefined) return undefined;
  return t.seconds * 1000 + Math.floor(t.nanos / 1_000_000);
}

export function timestampFromMs(ms: number): Timestamp__Output {
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanos: (ms - seconds * 1000) * 1_000_000 };
}
