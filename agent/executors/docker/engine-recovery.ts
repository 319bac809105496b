// Waiting out an engine that went away (a dockerd restart, a socket briefly gone): ping with backoff on
// the agent's clock until it answers, so a task is not failed for an outage of its runtime.
import { Backoff, type BackoffOptions } from '../../session/backoff.ts';
import type { Clock } from '../../worker/clock.ts';

/** Quick first retries (an engine restart takes a second or two), then no more than one ping every 5 s. */
export const DEFAULT_ENGINE_RECONNECT: BackoffOptions = Object.freeze({ initialMs: 100, maxMs: 5_000 });

export interface EngineRecoveryOptions {
  readonly ping: () => Promise<void>;
  readonly clock: Clock;
  readonly backoff?: BackoffOptions;
  /** Aborting ends the wait with the signal's reason (the controller was removed). */
  readonly signal: AbortSignal;
  /** Told of each failed ping, for the log. */
  readonly onFailedPing?: (attempt: number, error: unknown) => void;
  /** Uniform in [0, 1), for the backoff's jitter. */
  readonly random?: () => number;
}

/** Resolves once a ping succeeds; pings only after a first backoff delay (the caller just failed). */
export async function untilEngineAnswers(options: EngineRecoveryOptions): Promise<void> {
  const backoff = new Backoff(options.backoff ?? DEFAULT_ENGINE_RECONNECT, options.random);
  for (;;) {
    await delay(options.clock, backoff.next(), options.signal);
    try {
      await options.ping();
      return;
    } catch (error) {
      options.signal.throwIfAborted();
      options.onFailedPing?.(backoff.attempts, error);
    }
  }
}

function delay(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  signal.throwIfAborted();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      cancel();
      reject(signal.reason);
    };
    const cancel = clock.schedule(ms, () => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
