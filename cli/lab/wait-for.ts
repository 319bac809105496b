// Polls until a condition holds, for lab clusters and integration tests that watch real daemons
// (no event to wait on across processes); the error names what was awaited and the last failure.

/** The condition did not hold before the deadline. */
export class WaitTimeoutError extends Error {
  override name = 'WaitTimeoutError';
  constructor(
    readonly what: string,
    readonly timeoutMs: number,
    readonly lastError: unknown,
  ) {
    const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
    super(`timed out after ${timeoutMs} ms waiting for ${what}${why}`, { cause: lastError });
  }
}

export async function waitFor<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  timeoutMs = 15_000,
  everyMs = 25,
  /** Gives up (rejecting with its reason) when the caller no longer needs the answer. */
  signal?: AbortSignal,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    signal?.throwIfAborted();
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) throw new WaitTimeoutError(what, timeoutMs, lastError);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
