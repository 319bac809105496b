// The two JetStream streams of the bus and their limits, created or brought up to date at connect
// (idempotent: every manager and agent may do it, in any order). Logs outlive the node that wrote
// them; events are a day of history with a duplicate window for the managers' repeated publishes.
import {
  DiscardPolicy,
  type JetStreamManager,
  NatsError,
  nanos,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
} from 'nats';
import { NatsStreamSetupError } from './bus-errors.ts';
import type { BusSubjects } from './nats-subjects.ts';

export interface NatsStreamLimits {
  /** Default 7 days. */
  readonly logsMaxAgeMs: number;
  /** Default 1 GiB. */
  readonly logsMaxBytes: number;
  /** Lines kept per task (one subject per task); default 10,000. */
  readonly logsMaxMsgsPerSubject: number;
  /** Default 24 hours. */
  readonly eventsMaxAgeMs: number;
  /** Default 256 MiB. */
  readonly eventsMaxBytes: number;
  /** Window in which a second publish of the same event (Nats-Msg-Id) is dropped; default 2 minutes. */
  readonly duplicateWindowMs: number;
  /** Copies in a NATS cluster; default 1. */
  readonly replicas: number;
}

export const NATS_STREAM_DEFAULTS: NatsStreamLimits = Object.freeze({
  logsMaxAgeMs: 7 * 24 * 60 * 60 * 1000,
  logsMaxBytes: 1024 * 1024 * 1024,
  logsMaxMsgsPerSubject: 10_000,
  eventsMaxAgeMs: 24 * 60 * 60 * 1000,
  eventsMaxBytes: 256 * 1024 * 1024,
  duplicateWindowMs: 2 * 60 * 1000,
  replicas: 1,
});

export interface BusStreamNames {
  readonly logs: string;
  readonly events: string;
}

/** `covey` → COVEY_LOGS / COVEY_EVENTS (stream names cannot hold '.'). */
export function defaultStreamNames(prefix: string): BusStreamNames {
  const base = prefix.toUpperCase().replaceAll('.', '_');
  return { logs: `${base}_LOGS`, events: `${base}_EVENTS` };
}

type BusStreamConfig = Partial<StreamConfig> & Pick<StreamConfig, 'name' | 'subjects'>;

export function logStreamConfig(
  name: string,
  subjects: BusSubjects,
  limits: NatsStreamLimits,
): BusStreamConfig {
  return {
    name,
    subjects: [subjects.allLogs],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    max_age: nanos(limits.logsMaxAgeMs),
    max_bytes: limits.logsMaxBytes,
    max_msgs_per_subject: limits.logsMaxMsgsPerSubject,
    duplicate_window: nanos(Math.min(limits.duplicateWindowMs, limits.logsMaxAgeMs)),
    num_replicas: limits.replicas,
  };
}

export function eventStreamConfig(
  name: string,
  subjects: BusSubjects,
  limits: NatsStreamLimits,
): BusStreamConfig {
  return {
    name,
    subjects: [subjects.allEvents],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    max_age: nanos(limits.eventsMaxAgeMs),
    max_bytes: limits.eventsMaxBytes,
    duplicate_window: nanos(Math.min(limits.duplicateWindowMs, limits.eventsMaxAgeMs)),
    num_replicas: limits.replicas,
  };
}

function isStreamNotFound(err: unknown): boolean {
  return (
    err instanceof NatsError && (err.api_error?.err_code === 10059 || err.message === 'stream not found')
  );
}

function isNameInUse(err: unknown): boolean {
  return err instanceof NatsError && err.api_error?.err_code === 10058;
}

/** The fields of `wanted` that `actual` does not already have. */
function changedFields(actual: StreamConfig, wanted: BusStreamConfig): string[] {
  const changed: string[] = [];
  for (const [field, value] of Object.entries(wanted)) {
    const current = (actual as unknown as Record<string, unknown>)[field];
    const same = Array.isArray(value)
      ? Array.isArray(current) && current.length === value.length && value.every((v, i) => current[i] === v)
      : current === value;
    if (!same) changed.push(field);
  }
  return changed;
}

/**
 * Creates the stream, or updates it when its configuration differs from `config`; returns what was
 * done. A change JetStream refuses (storage type, overlapping subjects) is NatsStreamSetupError.
 */
export async function ensureStream(
  jsm: JetStreamManager,
  config: BusStreamConfig,
): Promise<'created' | 'updated' | 'unchanged'> {
  try {
    for (let attempt = 0; ; attempt++) {
      let actual: StreamConfig;
      try {
        actual = (await jsm.streams.info(config.name)).config;
      } catch (err) {
        if (!isStreamNotFound(err)) throw err;
        try {
          await jsm.streams.add(config);
          return 'created';
        } catch (addErr) {
          // Another daemon created it between our info and add: update theirs instead, once.
          if (isNameInUse(addErr) && attempt === 0) continue;
          throw addErr;
        }
      }
      if (changedFields(actual, config).length === 0) return 'unchanged';
      const { name: _name, ...update } = config;
      await jsm.streams.update(config.name, update);
      return 'updated';
    }
  } catch (err) {
    throw new NatsStreamSetupError(config.name, { cause: err });
  }
}
