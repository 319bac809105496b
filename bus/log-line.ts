// One log line in the canonical shape both buses store and return (the proto-loader __Output shape:
// numbers for 64-bit fields and enums, a Buffer for data), checked once at publish.
import type { LogMessage, LogMessage__Output } from '../proto/gen/covey/v1/LogMessage.ts';
import { LogStream, type LogStream__Output } from '../proto/gen/covey/v1/LogStream.ts';
import { timestampMs } from '../proto/time.ts';
import { InvalidLogMessageError } from './bus-errors.ts';
import { MAX_LOG_DATA_BYTES } from './log-bus.ts';
import { subjectTokenProblem } from './subject-token.ts';

/** Roughly what a line costs beyond its data (context strings, timestamp, framing). */
const LINE_OVERHEAD_BYTES = 32;

/** A 64-bit protobuf field as proto-loader accepts it on input. */
type Int64Input = number | string | { toString(): string } | null | undefined;

function int64(value: Int64Input): number | undefined {
  if (value === null || value === undefined) return 0;
  const n = typeof value === 'number' ? value : Number(value.toString());
  return Number.isSafeInteger(n) ? n : undefined;
}

function streamNumber(stream: LogMessage['stream']): LogStream__Output | undefined {
  if (stream === undefined) return LogStream.LOG_STREAM_UNKNOWN;
  if (typeof stream === 'number') {
    return (Object.values(LogStream) as number[]).includes(stream)
      ? (stream as LogStream__Output)
      : undefined;
  }
  return LogStream[stream];
}

function dataBuffer(data: LogMessage['data']): Buffer {
  if (data === undefined) return Buffer.alloc(0);
  // Strings are base64, as protobuf's JSON mapping and protobufjs read them.
  if (typeof data === 'string') return Buffer.from(data, 'base64');
  if (Buffer.isBuffer(data)) return data;
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/**
 * The canonical copy of `line`, or InvalidLogMessageError (index = `index`) naming the first
 * problem: missing context or timestamp, a service or task ID that is not a subject token, an
 * unknown stream, data over 16 KiB.
 */
export function canonicalLogLine(line: LogMessage, index: number): LogMessage__Output {
  const fail = (reason: string) => new InvalidLogMessageError(index, reason);
  const context = line.context;
  if (context === null || context === undefined) throw fail('has no context');
  const serviceProblem = subjectTokenProblem(context.serviceId);
  if (serviceProblem !== undefined) throw fail(`context.serviceId ${serviceProblem}`);
  const taskProblem = subjectTokenProblem(context.taskId);
  if (taskProblem !== undefined) throw fail(`context.taskId ${taskProblem}`);
  const slot = int64(context.slot);
  if (slot === undefined || slot < 0) throw fail('context.slot is not a non-negative integer');
  const timestamp = line.timestamp;
  if (timestamp === null || timestamp === undefined) throw fail('has no timestamp');
  const seconds = int64(timestamp.seconds);
  const nanos = timestamp.nanos ?? 0;
  if (seconds === undefined || !Number.isInteger(nanos) || nanos < 0 || nanos > 999_999_999) {
    throw fail('timestamp is not a valid time');
  }
  const stream = streamNumber(line.stream);
  if (stream === undefined) throw fail(`stream ${String(line.stream)} is not a LogStream`);
  const data = dataBuffer(line.data);
  if (data.byteLength > MAX_LOG_DATA_BYTES) {
    throw fail(`data is ${data.byteLength} bytes, more than ${MAX_LOG_DATA_BYTES} (split long lines)`);
  }
  return {
    context: {
      serviceId: context.serviceId as string,
      nodeId: context.nodeId ?? '',
      taskId: context.taskId as string,
      slot,
    },
    timestamp: { seconds, nanos },
    stream,
    data,
  };
}

/** Checks and copies a whole batch; throws on the first bad line so nothing of it is published. */
export function canonicalLogLines(lines: readonly LogMessage[]): LogMessage__Output[] {
  return lines.map((line, index) => canonicalLogLine(line, index));
}

/** The line's time in epoch ms (lines are always stored with a timestamp). */
export function logLineTimeMs(line: LogMessage__Output): number {
  return timestampMs(line.timestamp) ?? 0;
}

/** The approximate size of a line on the wire, for batch limits and ring bounds. */
export function logLineSize(line: LogMessage__Output): number {
  const c = line.context;
  return (
    line.data.byteLength +
    LINE_OVERHEAD_BYTES +
    (c === null ? 0 : c.serviceId.length + c.nodeId.length + c.taskId.length)
  );
}

/**
 * `lines` stably sorted by task then by timestamp, each task in the order of its first line:
 * what publish stores, so one task's lines are in timestamp order however an agent batched them.
 */
export function orderByTaskAndTime(lines: readonly LogMessage__Output[]): LogMessage__Output[] {
  const byTask = new Map<string, LogMessage__Output[]>();
  for (const line of lines) {
    const key = `${line.context?.serviceId}.${line.context?.taskId}`;
    let group = byTask.get(key);
    if (group === undefined) {
      group = [];
      byTask.set(key, group);
    }
    group.push(line);
  }
  const out: LogMessage__Output[] = [];
  for (const group of byTask.values()) {
    out.push(...sortByTime(group));
  }
  return out;
}

/** A stable sort by timestamp (in place), skipped when already in order, as it nearly always is. */
export function sortByTime(lines: LogMessage__Output[]): LogMessage__Output[] {
  for (let i = 1; i < lines.length; i++) {
    if (compareLineTime(lines[i]!, lines[i - 1]!) < 0) return lines.sort(compareLineTime);
  }
  return lines;
}

function compareLineTime(a: LogMessage__Output, b: LogMessage__Output): number {
  const ta = a.timestamp;
  const tb = b.timestamp;
  if (ta === null || tb === null) return 0;
  return ta.seconds - tb.seconds || ta.nanos - tb.nanos;
}
