// The field-level rules every spec validator shares (durations, integers, enums, list sizes, string
// sizes), each adding a problem named by its field path instead of throwing.
import type { Duration } from '../../proto/gen/google/protobuf/Duration.ts';
import {
  durationNanos,
  enumValue,
  formatBytes,
  formatNanos,
  intValue,
  type ProtoInt,
} from './spec-scalars.ts';
import type { SpecProblems } from './validation-error.ts';

export const MS = 1e6;

/** `min` in nanoseconds; an absent duration (the field's default) is never checked. */
export function checkDuration(
  p: SpecProblems,
  field: string,
  d: Duration | null | undefined,
  min: number,
  minText = `≥ ${formatNanos(min)}`,
): void {
  if (d === null || d === undefined) return;
  const ns = durationNanos(d);
  if (Number.isNaN(ns))
    p.add(field, 'malformed duration (nanos must be within ±999999999 and share the sign of seconds)');
  else if (ns < min) p.add(field, `must be ${minText}, got ${formatNanos(ns)}`);
}

/** Returns the value (NaN when malformed) so callers can check relations between fields. */
export function checkInt(
  p: SpecProblems,
  field: string,
  v: ProtoInt | undefined,
  min: number,
  max?: number,
): number {
  const n = intValue(v);
  if (Number.isNaN(n)) p.add(field, `must be an integer, got ${JSON.stringify(String(v))}`);
  else if (n < min) p.add(field, `must be ≥ ${min}, got ${n}`);
  else if (max !== undefined && n > max) p.add(field, `must be ≤ ${max}, got ${n}`);
  return n;
}

export function checkEnum(
  p: SpecProblems,
  field: string,
  v: number | string | undefined,
  values: Readonly<Record<string, number>>,
): number | undefined {
  const n = enumValue(v, values);
  if (n === undefined)
    p.add(field, `unknown value ${JSON.stringify(v)} (expected one of ${Object.keys(values).join(', ')})`);
  return n;
}

export function checkCount(
  p: SpecProblems,
  field: string,
  items: readonly unknown[] | undefined,
  max: number,
): void {
  if (items !== undefined && items.length > max) p.add(field, `at most ${max} items, got ${items.length}`);
}

/** Sizes are in UTF-8 bytes, as on the wire. */
export function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

export function checkMaxBytes(p: SpecProblems, field: string, s: string | undefined, max: number): void {
  if (s !== undefined && byteLength(s) > max)
    p.add(field, `at most ${formatBytes(max)}, got ${formatBytes(byteLength(s))}`);
}

/** `path[i]` for list items, `path["key"]` for map entries (keys may hold dots). */
export function at(path: string, key: number | string): string {
  return typeof key === 'number' ? `${path}[${key}]` : `${path}[${JSON.stringify(key)}]`;
}
