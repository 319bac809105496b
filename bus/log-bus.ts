// The contract every log bus keeps (embedded ring, NATS JetStream): task output goes in as
// LogMessage batches and comes out per ServiceLogsRequest (tail per task, since, streams, follow).
import type { LogMessage, LogMessage__Output } from '../proto/gen/covey/v1/LogMessage.ts';
import type { LogStream__Output } from '../proto/gen/covey/v1/LogStream.ts';
import type { BusReader } from './bus-reader.ts';

/** What to read; mirrors covey.v1.ServiceLogsRequest. */
export interface LogQuery {
  /** Required. */
  readonly serviceId: string;
  /** Only these tasks; absent or empty: every task of the service. */
  readonly taskIds?: readonly string[] | undefined;
  /** After the past lines, keep delivering new lines until the reader is returned or aborted. */
  readonly follow?: boolean | undefined;
  /**
   * Past lines per task: 0 or absent every retained line, n > 0 the last n (counted after the
   * since and streams filters), negative none.
   */
  readonly tail?: number | undefined;
  /** Only lines whose timestamp is at or after this time (epoch ms); applies to new lines too. */
  readonly sinceMs?: number | undefined;
  /** Only these streams; absent or empty: every stream. */
  readonly streams?: readonly LogStream__Output[] | undefined;
  /** Ends the read (cleanly: the iteration finishes) when it fires. */
  readonly signal?: AbortSignal | undefined;
}

export interface LogBus {
  /**
   * Stores a batch of lines. Every line is checked first (context with service and task IDs that
   * are NATS subject tokens, a timestamp, data ≤ 16 KiB): one bad line refuses the whole batch with
   * InvalidLogMessageError. Lines of one task are stored in timestamp order within a batch.
   */
  publish(lines: readonly LogMessage[]): Promise<void>;
  /**
   * Batches (≤ 1000 lines, about ≤ 1 MiB) of past lines, in timestamp order per task, then with
   * `follow` new lines as they are published. A non-follow read ends once it has delivered what
   * was retained when the reader opened. Throws InvalidBusQueryError at once for a bad query.
   */
  read(query: LogQuery): BusReader<LogMessage__Output>;
}

/** A line's data is at most this long; executors split longer lines, as Docker does. */
export const MAX_LOG_DATA_BYTES = 16 * 1024;
