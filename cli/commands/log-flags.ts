// `service logs` flag values: --tail (N or all) and --since (a duration ago, or an RFC 3339 time).
import type { Timestamp } from '../../proto/gen/google/protobuf/Timestamp.ts';
import { parseDurationNanos } from './duration-flag.ts';
import { FlagValueError } from './flag-value-error.ts';

/** The request's tail: 0 every retained line, n the last n, -1 none (`--tail 0`). */
export function parseTail(text: string): number {
  if (text === 'all') return 0;
  if (!/^\d+$/.test(text)) throw new FlagValueError('--tail', text, 'a number of lines or "all"');
  const n = Number(text);
  return n === 0 ? -1 : n;
}

export function parseSince(text: string, nowMs: number): Timestamp {
  let ms: number;
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) {
    ms = Date.parse(text);
    if (Number.isNaN(ms))
      throw new FlagValueError('--since', text, 'a duration like 10m or a time like 2026-01-02T15:04:05Z');
  } else {
    ms = nowMs - Number(parseDurationNanos(text, '--since') / 1_000_000n);
  }
  return { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1_000_000 };
}
