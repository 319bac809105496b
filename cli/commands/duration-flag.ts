// Go-style durations as Docker's flags take them (`10s`, `1m30s`, `500ms`, `1h`), parsed into a
// protobuf Duration without floating-point drift.
import type { Duration } from '../../proto/gen/google/protobuf/Duration.ts';
import { FlagValueError } from './flag-value-error.ts';

const UNIT_NANOS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};
const PART = /(\d+)(?:\.(\d+))?(ns|us|µs|ms|s|m|h)/y;
const EXPECTED = 'a duration like 10s, 1m30s or 500ms';

/** Nanoseconds in `text`; FlagValueError (naming `flag`) when it is not a duration. */
export function parseDurationNanos(text: string, flag: string): bigint {
  const s = text.trim();
  if (s === '0') return 0n;
  if (s === '') throw new FlagValueError(flag, text, EXPECTED);
  let total = 0n;
  PART.lastIndex = 0;
  while (PART.lastIndex < s.length) {
    const m = PART.exec(s);
    if (!m) throw new FlagValueError(flag, text, EXPECTED);
    const unit = UNIT_NANOS[m[3] ?? ''] ?? 0n;
    const fraction = m[2] ?? '';
    const scale = 10n ** BigInt(fraction.length);
    total += BigInt(m[1] ?? '0') * unit + (fraction === '' ? 0n : (BigInt(fraction) * unit) / scale);
  }
  return total;
}

export function parseDuration(text: string, flag: string): Duration {
  const nanos = parseDurationNanos(text, flag);
  return { seconds: Number(nanos / 1_000_000_000n), nanos: Number(nanos % 1_000_000_000n) };
}
