// What the NATS log and event buses share from their connection: JetStream handles, subject and
// stream names, read tuning and the logger.
import type { JetStreamClient, JetStreamManager } from 'nats';
import type { Logger } from 'pino';
import type { OrderedReadTuning } from './nats-ordered-read.ts';
import type { BusStreamNames } from './nats-streams.ts';
import type { BusSubjects } from './nats-subjects.ts';

export interface NatsBusContext {
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  readonly subjects: BusSubjects;
  readonly streams: BusStreamNames;
  readonly logger: Logger;
  readonly tuning: OrderedReadTuning;
  /**
   * since/until compare the line's or event's own time, but JetStream can only start a consumer at
   * the time the server stored a message; reads start this much earlier and filter exactly, so a
   * message stored up to this long after its own time (clock skew, a delayed publish) is still found.
   */
  readonly sinceSlackMs: number;
  /** True once the bus is closing. */
  isClosed(): boolean;
}

export const DEFAULT_SINCE_SLACK_MS = 5 * 60 * 1000;
