// One frame of Docker's multiplexed log stream (asked for with timestamps) as TaskLogLines: the
// engine's RFC3339Nano prefix becomes timeMs, the newline goes, and long lines come in ≤ 16 KiB pieces.
import type { TaskLogLine } from '../executor.ts';

/** Docker's own piece size for long lines; a longer line is cut to this too. */
export const MAX_LOG_PIECE_BYTES = 16 * 1024;

const NEWLINE = 0x0a;
const SPACE = 0x20;
const TIMESTAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/;

/** Epoch ms of `2024-05-01T12:00:00.123456789Z`, or undefined when it is not such a timestamp. */
export function parseDockerTimestamp(text: string): number | undefined {
  const match = TIMESTAMP.exec(text);
  if (match === null) return undefined;
  const seconds = Date.parse(`${match[1]}${match[3]}`);
  if (Number.isNaN(seconds)) return undefined;
  // Date.parse reads at most milliseconds; the rest of the nanoseconds is cut, not rounded.
  const millis = Number((match[2] ?? '').slice(0, 3).padEnd(3, '0'));
  return seconds + millis;
}

/**
 * The lines of one frame. The engine writes one log message per frame (a whole line, or one piece of a
 * long one without its newline); a frame holding several lines is split all the same. `fallbackTimeMs`
 * stands in when the frame carries no readable timestamp.
 */
export function parseLogFrame(
  stream: 'stdout' | 'stderr',
  frame: Buffer,
  fallbackTimeMs: number,
): TaskLogLine[] {
  let body = frame;
  let timeMs = fallbackTimeMs;
  const space = frame.indexOf(SPACE);
  if (space > 0) {
    const parsed = parseDockerTimestamp(frame.subarray(0, space).toString('latin1'));
    if (parsed !== undefined) {
      timeMs = parsed;
      body = frame.subarray(space + 1);
    }
  }
  const lines: TaskLogLine[] = [];
  let start = 0;
  while (start < body.length) {
    const newline = body.indexOf(NEWLINE, start);
    const end = newline < 0 ? body.length : newline;
    pushPieces(lines, stream, timeMs, body.subarray(start, end));
    start = end + 1;
  }
  return lines;
}

function pushPieces(lines: TaskLogLine[], stream: 'stdout' | 'stderr', timeMs: number, line: Buffer): void {
  if (line.length === 0) {
    lines.push({ stream, timeMs, data: Buffer.alloc(0) });
    return;
  }
  for (let offset = 0; offset < line.length; offset += MAX_LOG_PIECE_BYTES) {
    // A copy, so a line kept by the caller does not pin the whole frame in memory.
    lines.push({ stream, timeMs, data: Buffer.from(line.subarray(offset, offset + MAX_LOG_PIECE_BYTES)) });
  }
}
