// Reads the loosely typed scalars of generated request types (64-bit integers as number, string or
// Long; enums as number or name; Durations) into plain numbers that validation and defaults compare.
import type { Long } from '@grpc/proto-loader';
import type { Duration } from '../../proto/gen/google/protobuf/Duration.ts';

export type ProtoInt = number | string | Long;

/** The integer's value, or NaN when it is not one (a malformed string from a JSON client). */
export function intValue(v: ProtoInt | undefined): number {
  if (v === undefined) return 0;
  if (typeof v === 'number') return Number.isInteger(v) ? v : Number.NaN;
  if (typeof v === 'string') return /^-?\d+$/.test(v.trim()) ? Number(v) : Number.NaN;
  return v.toNumber();
}

/** The enum's numeric value, or undefined when the name or number is not one of `values`. */
export function enumValue(
  v: number | string | undefined,
  values: Readonly<Record<string, number>>,
): number | undefined {
  if (v === undefined) return 0;
  if (typeof v === 'string') return values[v];
  return Object.values(values).includes(v) ? v : undefined;
}

/** Nanoseconds in a Duration; NaN when its parts are malformed (nanos out of range or of the wrong sign). */
export function durationNanos(d: Duration): number {
  const seconds = intValue(d.seconds);
  const nanos = d.nanos ?? 0;
  if (!Number.isInteger(nanos) || Math.abs(nanos) > 999_999_999) return Number.NaN;
  if ((seconds > 0 && nanos < 0) || (seconds < 0 && nanos > 0)) return Number.NaN;
  return seconds * 1e9 + nanos;
}

/** A duration as an operator would write it (`1.5s`, `250ms`), for reasons. */
export function formatNanos(ns: number): string {
  if (ns === 0) return '0s';
  if (Math.abs(ns) < 1e6) return `${ns}ns`;
  if (Math.abs(ns) < 1e9) return `${ns / 1e6}ms`;
  return `${ns / 1e9}s`;
}

/** Bytes as an operator reads them (`4 MiB`, `512 B`). */
export function formatBytes(n: number): string {
  for (const [unit, size] of [
    ['GiB', 1024 ** 3],
    ['MiB', 1024 ** 2],
    ['KiB', 1024],
  ] as const) {
    if (n >= size && n % size === 0) return `${n / size} ${unit}`;
  }
  return `${n} B`;
}

/** A Duration of whole seconds plus nanoseconds, in the decoded shape. */
export function duration(seconds: number, nanos = 0): { seconds: number; nanos: number } {
  return { seconds, nanos };
}
