// A LogQuery checked and reduced to what both buses filter on.
import type { LogMessage__Output } from '../proto/gen/covey/v1/LogMessage.ts';
import { LogStream } from '../proto/gen/covey/v1/LogStream.ts';
import { InvalidBusQueryError } from './bus-errors.ts';
import type { LogQuery } from './log-bus.ts';
import { logLineTimeMs } from './log-line.ts';
import { subjectTokenProblem } from './subject-token.ts';

export interface LogFilter {
  readonly serviceId: string;
  /** Empty: every task of the service. */
  readonly taskIds: ReadonlySet<string>;
  readonly follow: boolean;
  /** Past lines per task: 'all', 'none' or the last n. */
  readonly tail: number | 'all' | 'none';
  readonly sinceMs: number | undefined;
  /** Empty: every stream. */
  readonly streams: ReadonlySet<number>;
}

const KNOWN_STREAMS: ReadonlySet<number> = new Set(Object.values(LogStream));

/** The query's filter, or InvalidBusQueryError. */
export function logFilter(query: LogQuery): LogFilter {
  const serviceProblem = subjectTokenProblem(query.serviceId);
  if (serviceProblem !== undefined) throw new InvalidBusQueryError('serviceId', serviceProblem);
  for (const taskId of query.taskIds ?? []) {
    const problem = subjectTokenProblem(taskId);
    if (problem !== undefined) throw new InvalidBusQueryError('taskIds', problem);
  }
  for (const stream of query.streams ?? []) {
    if (!KNOWN_STREAMS.has(stream))
      throw new InvalidBusQueryError('streams', `holds ${String(stream)}, not a LogStream`);
  }
  const tail = query.tail ?? 0;
  if (!Number.isInteger(tail)) throw new InvalidBusQueryError('tail', 'is not an integer');
  if (query.sinceMs !== undefined && !Number.isFinite(query.sinceMs)) {
    throw new InvalidBusQueryError('sinceMs', 'is not a time');
  }
  return {
    serviceId: query.serviceId,
    taskIds: new Set(query.taskIds ?? []),
    follow: query.follow === true,
    tail: tail === 0 ? 'all' : tail < 0 ? 'none' : tail,
    sinceMs: query.sinceMs,
    streams: new Set(query.streams ?? []),
  };
}

/** Whether `line` passes the filter's service, tasks, since and streams. */
export function lineMatches(line: LogMessage__Output, filter: LogFilter): boolean {
  const context = line.context;
  if (context === null || context.serviceId !== filter.serviceId) return false;
  if (filter.taskIds.size > 0 && !filter.taskIds.has(context.taskId)) return false;
  if (filter.streams.size > 0 && !filter.streams.has(line.stream)) return false;
  if (filter.sinceMs !== undefined && logLineTimeMs(line) < filter.sinceMs) return false;
  return true;
}
