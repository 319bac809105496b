// One `GET /_ping` bounded by a timeout on the agent's clock: what health reports and what the
// reconnect loop asks, so a frozen engine (accepting but never answering) counts as down too.
import type Docker from 'dockerode';
import type { Clock } from '../../worker/clock.ts';

/** The engine accepted the request but gave no answer in time. */
export class EnginePingTimeoutError extends Error {
  override name = 'EnginePingTimeoutError';
  /** Read by engine-errors.ts as a timeout (a passing failure). */
  readonly code = 'ETIMEDOUT';
  constructor(readonly timeoutMs: number) {
    super(`no answer to ping within ${timeoutMs} ms`);
  }
}

/** dockerode's ping takes options (an abort signal) that its typings leave out. */
type PingWithOptions = (this: Docker, options: { abortSignal: AbortSignal }) => Promise<unknown>;

export async function pingEngine(docker: Docker, clock: Clock, timeoutMs: number): Promise<void> {
  const abort = new AbortController();
  const timeout = new EnginePingTimeoutError(timeoutMs);
  const cancel = clock.schedule(timeoutMs, () => abort.abort(timeout));
  try {
    await (docker.ping as unknown as PingWithOptions).call(docker, { abortSignal: abort.signal });
  } catch (error) {
    throw abort.signal.aborted ? timeout : error;
  } finally {
    cancel();
  }
}
