// The log bus on NATS JetStream: a line is a protobuf LogMessage on `<prefix>.logs.<service>.<task>`
// in the logs stream, so it outlives the agent that published it; reads are ordered consumers.
import type { JsMsg } from 'nats';
import type { LogMessage, LogMessage__Output } from '../proto/gen/covey/v1/LogMessage.ts';
import { decodeLogLine, encodeLogLine } from './bus-codec.ts';
import { BusClosedError } from './bus-errors.ts';
import type { BusReader } from './bus-reader.ts';
import type { LogBus, LogQuery } from './log-bus.ts';
import { canonicalLogLines, logLineSize, orderByTaskAndTime } from './log-line.ts';
import { type LogFilter, lineMatches, logFilter } from './log-query.ts';
import type { NatsBusContext } from './nats-bus-context.ts';
import { orderedRead, type ReadStart } from './nats-ordered-read.ts';
import { publishToStream } from './nats-publish.ts';
import { OpenReaders } from './open-readers.ts';
import { readBatches } from './read-batch.ts';
import { TaskTail } from './task-tail.ts';

export class NatsLogBus implements LogBus {
  private readonly readers = new OpenReaders();
  private malformed = 0;

  constructor(private readonly ctx: NatsBusContext) {}

  /** Messages on log subjects that were not covey log lines, skipped by reads so far. */
  get malformedSkipped(): number {
    return this.malformed;
  }

  /** Reads not yet ended. */
  get openReaders(): number {
    return this.readers.size;
  }

  async publish(lines: readonly LogMessage[]): Promise<void> {
    if (this.ctx.isClosed()) throw new BusClosedError('publish');
    const canonical = orderByTaskAndTime(canonicalLogLines(lines));
    const { subjects } = this.ctx;
    await publishToStream(
      this.ctx.js,
      'logs',
      this.ctx.streams.logs,
      canonical.map((line) => ({
        subject: subjects.log(line.context!.serviceId, line.context!.taskId),
        data: encodeLogLine(line),
      })),
    );
  }

  read(query: LogQuery): BusReader<LogMessage__Output> {
    if (this.ctx.isClosed()) throw new BusClosedError('read');
    const filter = logFilter(query);
    return this.readers.open((stop, opened) => this.run(filter, stop, opened), query.signal);
  }

  /** Ends every open read (the bus is closing). */
  closeReaders(): Promise<void> {
    return this.readers.closeAll();
  }

  private async *run(
    filter: LogFilter,
    stop: AbortSignal,
    opened: () => void,
  ): AsyncGenerator<LogMessage__Output[], void, undefined> {
    if (filter.tail === 'none' && !filter.follow) {
      opened();
      return;
    }
    const { subjects } = this.ctx;
    const [onlyTask] = filter.taskIds.size === 1 ? filter.taskIds : [];
    // One task: its own subject. Several: the service's, filtered here (JetStream before 2.10 takes
    // a single filter subject per consumer).
    const filterSubject =
      onlyTask !== undefined
        ? subjects.log(filter.serviceId, onlyTask)
        : subjects.serviceLogs(filter.serviceId);
    const start: ReadStart =
      filter.tail === 'none'
        ? { kind: 'new' }
        : filter.sinceMs !== undefined
          ? { kind: 'time', ms: filter.sinceMs - this.ctx.sinceSlackMs }
          : { kind: 'all' };
    // With 'all', past lines stream through; with n, each task's last n wait for the end of the past.
    const tail = typeof filter.tail === 'number' ? new TaskTail(filter.tail) : undefined;
    for await (const step of orderedRead({
      js: this.ctx.js,
      jsm: this.ctx.jsm,
      stream: this.ctx.streams.logs,
      filterSubject,
      start,
      follow: filter.follow,
      stop,
      opened,
      tuning: this.ctx.tuning,
      logger: this.ctx.logger,
    })) {
      if (step.kind === 'past-complete') {
        if (tail !== undefined) yield* readBatches(tail.drain(), logLineSize);
        continue;
      }
      const lines = this.decode(step.messages, filter);
      if (step.kind === 'past' && tail !== undefined) {
        for (const line of lines) tail.add(line);
        continue;
      }
      yield* readBatches(lines, logLineSize);
    }
  }

  private decode(messages: readonly JsMsg[], filter: LogFilter): LogMessage__Output[] {
    const lines: LogMessage__Output[] = [];
    for (const m of messages) {
      const line = decodeLogLine(m.data);
      if (line instanceof Error) {
        this.malformed++;
        this.ctx.logger.warn(
          { subject: m.subject, seq: m.info.streamSequence, reason: line.message, skipped: this.malformed },
          'bus: skipping a message on a log subject that is not a covey log line',
        );
        continue;
      }
      if (lineMatches(line, filter)) lines.push(line);
    }
    return lines;
  }
}
