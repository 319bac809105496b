// One read of a filtered subject of a JetStream stream, split at a snapshot: what the stream held
// when the read opened ("past", ending with one 'past-complete'), then, when following, what comes
// after ("new"). An ordered consumer pulled with bounded fetches, so a slow reader holds back the
// server instead of buffering the stream in memory.
import type {
  Consumer,
  ConsumerMessages,
  JetStreamClient,
  JetStreamManager,
  JsMsg,
  OrderedConsumerOptions,
} from 'nats';
import type { Logger } from 'pino';
import { BusReadError } from './bus-errors.ts';

/** Where the consumer starts. */
export type ReadStart =
  | { readonly kind: 'all' }
  /** At the first message the server stored at or after this time (epoch ms). */
  | { readonly kind: 'time'; readonly ms: number }
  /** After the snapshot: no past at all. */
  | { readonly kind: 'new' };

export type ReadStep =
  | { readonly kind: 'past'; readonly messages: readonly JsMsg[] }
  | { readonly kind: 'past-complete' }
  | { readonly kind: 'new'; readonly messages: readonly JsMsg[] };

export interface OrderedReadTuning {
  /** Messages per fetch: at most this many wait in memory for a slow reader (default 1000). */
  readonly fetchBatch: number;
  /** How long one fetch waits for messages, ≥ 1000 (default 10 s). */
  readonly fetchExpiresMs: number;
  /** Consecutive failures to open or fetch that end the read with BusReadError (default 5). */
  readonly maxFailures: number;
}

export const ORDERED_READ_DEFAULTS: OrderedReadTuning = Object.freeze({
  fetchBatch: 1000,
  fetchExpiresMs: 10_000,
  maxFailures: 5,
});

export interface OrderedReadParams {
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  readonly stream: string;
  readonly filterSubject: string;
  readonly start: ReadStart;
  readonly follow: boolean;
  /** Ends the read: the current fetch stops and the consumer is deleted. */
  readonly stop: AbortSignal;
  /** Called once the snapshot is taken and the consumer exists. */
  readonly opened: () => void;
  readonly tuning: OrderedReadTuning;
  readonly logger: Logger;
}

const MACROTASK = Symbol('macrotask');
const nextMacrotask = () => new Promise<typeof MACROTASK>((resolve) => setImmediate(resolve, MACROTASK));

/**
 * Groups of the messages `source` has already received: waits for one, then takes every message
 * that is there without waiting (up to `max`). Never calls return() on `source`: that would queue
 * behind a pending next(); the caller stops the source instead.
 */
async function* receivedGroups(
  source: ConsumerMessages,
  max: number,
): AsyncGenerator<JsMsg[], void, undefined> {
  const it = source[Symbol.asyncIterator]();
  let pending: Promise<IteratorResult<JsMsg>> | undefined;
  while (true) {
    const first = await (pending ?? it.next());
    pending = undefined;
    if (first.done === true) return;
    const group = [first.value];
    while (group.length < max) {
      const next = it.next();
      const raced = await Promise.race([next, nextMacrotask()]);
      if (raced === MACROTASK) {
        pending = next;
        // Left pending if the caller stops here; stopping the source settles it.
        next.catch(() => {});
        break;
      }
      if (raced.done === true) {
        yield group;
        return;
      }
      group.push(raced.value);
    }
    yield group;
  }
}

function consumerOptions(
  p: OrderedReadParams,
  snapshot: number,
  lastSeen: number,
): Partial<OrderedConsumerOptions> {
  const options: Partial<OrderedConsumerOptions> = { filterSubjects: p.filterSubject };
  // Reopened after a failure: resume after the last message seen, whatever the original start.
  if (lastSeen > 0) options.opt_start_seq = lastSeen + 1;
  else if (p.start.kind === 'new') options.opt_start_seq = snapshot + 1;
  else if (p.start.kind === 'time') options.opt_start_time = new Date(Math.max(0, p.start.ms)).toISOString();
  return options;
}

export async function* orderedRead(p: OrderedReadParams): AsyncGenerator<ReadStep, void, undefined> {
  const fail = (err: unknown) => new BusReadError(p.stream, p.filterSubject, { cause: err });
  let snapshot: number;
  let consumer: Consumer;
  let pastDone: boolean;
  try {
    snapshot = (await p.jsm.streams.info(p.stream)).state.last_seq;
    consumer = await p.js.consumers.get(p.stream, consumerOptions(p, snapshot, 0));
    // Creates the consumer: from now on it sees every publish.
    const info = await consumer.info();
    pastDone = p.start.kind === 'new' || snapshot === 0 || info.num_pending === 0;
  } catch (err) {
    throw fail(err);
  }
  let lastSeen = 0;
  let failures = 0;
  try {
    p.opened();
    if (pastDone) {
      yield { kind: 'past-complete' };
      if (!p.follow) return;
    }
    while (!p.stop.aborted) {
      let messages: ConsumerMessages;
      try {
        messages = await consumer.fetch({
          max_messages: p.tuning.fetchBatch,
          expires: p.tuning.fetchExpiresMs,
        });
      } catch (err) {
        if (p.stop.aborted) return;
        if (++failures >= p.tuning.maxFailures) throw fail(err);
        p.logger.warn(
          { err, stream: p.stream, subject: p.filterSubject },
          'bus read: fetch failed, reopening',
        );
        consumer = await reopen(p, consumer, snapshot, lastSeen, failures, fail);
        continue;
      }
      const stopFetch = () => messages.stop();
      p.stop.addEventListener('abort', stopFetch, { once: true });
      // Stopped while the fetch was being set up: the listener came too late to hear it.
      if (p.stop.aborted) stopFetch();
      const fetchStarted = Date.now();
      let received = 0;
      try {
        for await (const group of receivedGroups(messages, p.tuning.fetchBatch)) {
          received += group.length;
          failures = 0;
          const steps: ReadStep[] = [];
          let past: JsMsg[] = [];
          const fresh: JsMsg[] = [];
          for (const m of group) {
            const seq = m.info.streamSequence;
            lastSeen = Math.max(lastSeen, seq);
            if (!pastDone) {
              if (seq <= snapshot) past.push(m);
              // The snapshot's last message, nothing more pending, or already beyond: past is whole.
              if (seq >= snapshot || m.info.pending === 0) {
                if (past.length > 0) steps.push({ kind: 'past', messages: past });
                past = [];
                steps.push({ kind: 'past-complete' });
                pastDone = true;
              }
              if (seq <= snapshot) continue;
            }
            fresh.push(m);
          }
          if (past.length > 0) steps.push({ kind: 'past', messages: past });
          if (fresh.length > 0 && p.follow) steps.push({ kind: 'new', messages: fresh });
          for (const step of steps) yield step;
          if (pastDone && !p.follow) return;
          if (p.stop.aborted) return;
        }
      } catch (err) {
        if (p.stop.aborted) return;
        if (++failures >= p.tuning.maxFailures) throw fail(err);
        p.logger.warn(
          { err, stream: p.stream, subject: p.filterSubject },
          'bus read: consumer failed, reopening',
        );
        consumer = await reopen(p, consumer, snapshot, lastSeen, failures, fail);
        continue;
      } finally {
        p.stop.removeEventListener('abort', stopFetch);
        messages.stop();
      }
      // A whole fetch with nothing while past is incomplete: what the snapshot counted was removed
      // (age or size limits) before it could be delivered.
      if (!pastDone && received === 0 && Date.now() - fetchStarted >= p.tuning.fetchExpiresMs * 0.9) {
        pastDone = true;
        yield { kind: 'past-complete' };
        if (!p.follow) return;
      }
    }
  } finally {
    await consumer.delete().catch((err: unknown) => {
      p.logger.debug({ err, stream: p.stream }, 'bus read: could not delete its consumer');
    });
  }
}

async function reopen(
  p: OrderedReadParams,
  old: Consumer,
  snapshot: number,
  lastSeen: number,
  failures: number,
  fail: (err: unknown) => BusReadError,
): Promise<Consumer> {
  await old.delete().catch(() => {});
  await backoff(Math.min(5_000, 250 * 2 ** failures), p.stop);
  try {
    const consumer = await p.js.consumers.get(p.stream, consumerOptions(p, snapshot, lastSeen));
    await consumer.info();
    return consumer;
  } catch (err) {
    throw fail(err);
  }
}

/** Waits `ms`, or less when `stop` fires. */
function backoff(ms: number, stop: AbortSignal): Promise<void> {
  if (stop.aborted) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      stop.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    stop.addEventListener('abort', done, { once: true });
  });
}
