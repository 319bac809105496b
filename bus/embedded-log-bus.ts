// The in-process log bus (no NATS): a bounded ring of lines per task, a total bound across tasks
// that takes lines from the least recently written tasks first, and follow reads woken on publish.
import type { LogMessage, LogMessage__Output } from '../proto/gen/covey/v1/LogMessage.ts';
import { type BusReader, openBusReader } from './bus-reader.ts';
import type { LogBus, LogQuery } from './log-bus.ts';
import { canonicalLogLines, logLineSize, orderByTaskAndTime } from './log-line.ts';
import { type LogFilter, lineMatches, logFilter } from './log-query.ts';
import { PublishSignal } from './publish-signal.ts';
import { readBatches } from './read-batch.ts';
import { type Sequenced, SequencedRing } from './sequenced-ring.ts';
import { TaskTail } from './task-tail.ts';

export interface EmbeddedLogBusOptions {
  /** Lines kept per task (default 10,000, as the NATS stream keeps per subject). */
  readonly maxLinesPerTask?: number | undefined;
  /** Bytes kept per task (default 4 MiB), by logLineSize. */
  readonly maxBytesPerTask?: number | undefined;
  /** Bytes kept across all tasks (default 64 MiB); the least recently written tasks lose lines first. */
  readonly maxTotalBytes?: number | undefined;
}

type EmbeddedLogLimits = { readonly [K in keyof EmbeddedLogBusOptions]-?: number };

export const EMBEDDED_LOG_DEFAULTS: EmbeddedLogLimits = Object.freeze({
  maxLinesPerTask: 10_000,
  maxBytesPerTask: 4 * 1024 * 1024,
  maxTotalBytes: 64 * 1024 * 1024,
});

interface StoredLine extends Sequenced {
  readonly line: LogMessage__Output;
}

class TaskRing extends SequencedRing<StoredLine> {
  constructor(
    readonly serviceId: string,
    readonly taskId: string,
  ) {
    super();
  }
}

export class EmbeddedLogBus implements LogBus {
  private readonly limits: EmbeddedLogLimits;
  private readonly services = new Map<string, Map<string, TaskRing>>();
  /** Every task's ring, least recently written first (a Set keeps insertion order). */
  private readonly recency = new Set<TaskRing>();
  private seq = 0;
  private totalBytes = 0;
  private readonly published = new PublishSignal();
  private readers = 0;

  constructor(options: EmbeddedLogBusOptions = {}) {
    this.limits = {
      maxLinesPerTask: options.maxLinesPerTask ?? EMBEDDED_LOG_DEFAULTS.maxLinesPerTask,
      maxBytesPerTask: options.maxBytesPerTask ?? EMBEDDED_LOG_DEFAULTS.maxBytesPerTask,
      maxTotalBytes: options.maxTotalBytes ?? EMBEDDED_LOG_DEFAULTS.maxTotalBytes,
    };
  }

  /** Reads not yet ended (a returned or aborted read releases its slot). */
  get openReaders(): number {
    return this.readers;
  }

  /** What is kept now. */
  get usage(): { readonly tasks: number; readonly lines: number; readonly bytes: number } {
    let lines = 0;
    for (const ring of this.recency) lines += ring.length;
    return { tasks: this.recency.size, lines, bytes: this.totalBytes };
  }

  async publish(lines: readonly LogMessage[]): Promise<void> {
    const canonical = orderByTaskAndTime(canonicalLogLines(lines));
    for (const line of canonical) this.store(line);
    this.evictBeyondTotal();
    if (canonical.length > 0) this.published.notify();
  }

  read(query: LogQuery): BusReader<LogMessage__Output> {
    const filter = logFilter(query);
    this.readers++;
    return openBusReader((stop, opened) => this.run(filter, stop, opened), {
      signal: query.signal,
      onClose: () => this.readers--,
    });
  }

  private async *run(
    filter: LogFilter,
    stop: AbortSignal,
    opened: () => void,
  ): AsyncGenerator<LogMessage__Output[], void, undefined> {
    // Everything up to here runs inside read(): the snapshot is exactly what was kept at the call.
    const snapshot = this.seq;
    let past: TaskTail | undefined;
    if (filter.tail !== 'none') {
      past = new TaskTail(filter.tail);
      for (const ring of this.rings(filter)) {
        for (const entry of ring.after(0)) if (lineMatches(entry.line, filter)) past.add(entry.line);
      }
    }
    opened();
    if (past !== undefined) {
      for (const batch of readBatches(past.drain(), logLineSize)) {
        if (stop.aborted) return;
        yield batch;
      }
    }
    let cursor = snapshot;
    while (filter.follow && !stop.aborted) {
      const fresh: StoredLine[] = [];
      for (const ring of this.rings(filter)) {
        for (const entry of ring.after(cursor)) if (lineMatches(entry.line, filter)) fresh.push(entry);
      }
      cursor = this.seq;
      if (fresh.length === 0) {
        await this.published.wait(stop);
        continue;
      }
      fresh.sort((a, b) => a.seq - b.seq);
      for (const batch of readBatches(
        fresh.map((e) => e.line),
        logLineSize,
      )) {
        if (stop.aborted) return;
        yield batch;
      }
    }
  }

  private *rings(filter: LogFilter): Generator<TaskRing> {
    const tasks = this.services.get(filter.serviceId);
    if (tasks === undefined) return;
    if (filter.taskIds.size === 0) {
      yield* tasks.values();
      return;
    }
    for (const taskId of filter.taskIds) {
      const ring = tasks.get(taskId);
      if (ring !== undefined) yield ring;
    }
  }

  private store(line: LogMessage__Output): void {
    const { serviceId, taskId } = line.context!;
    let tasks = this.services.get(serviceId);
    if (tasks === undefined) {
      tasks = new Map();
      this.services.set(serviceId, tasks);
    }
    let ring = tasks.get(taskId);
    if (ring === undefined) {
      ring = new TaskRing(serviceId, taskId);
      tasks.set(taskId, ring);
    } else {
      this.recency.delete(ring);
    }
    this.recency.add(ring);
    const size = logLineSize(line);
    ring.push({ line, seq: ++this.seq, size });
    this.totalBytes += size;
    while (ring.length > this.limits.maxLinesPerTask || ring.bytes > this.limits.maxBytesPerTask) {
      this.totalBytes -= ring.shift()?.size ?? 0;
    }
    if (ring.length === 0) this.forget(ring);
  }

  private evictBeyondTotal(): void {
    while (this.totalBytes > this.limits.maxTotalBytes) {
      const oldest = this.recency.values().next().value;
      if (oldest === undefined) return;
      this.totalBytes -= oldest.shift()?.size ?? 0;
      if (oldest.length === 0) this.forget(oldest);
    }
  }

  private forget(ring: TaskRing): void {
    this.recency.delete(ring);
    const tasks = this.services.get(ring.serviceId);
    tasks?.delete(ring.taskId);
    if (tasks?.size === 0) this.services.delete(ring.serviceId);
  }
}
