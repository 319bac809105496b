// Delays between the agent's session attempts: exponential from `initialMs` to `maxMs`, with "equal
// jitter" (the delay is drawn from [base/2, base)), so agents cut off by one leader's death spread
// their reconnects out, yet never retry at once in a tight loop.

export interface BackoffOptions {
  /** Base of the first delay after a failure. */
  readonly initialMs: number;
  /** Ceiling of the base delay. */
  readonly maxMs: number;
}

/** Fast failover matters more than politeness: a dead leader is replaced within a few seconds. */
export const DEFAULT_SESSION_BACKOFF: BackoffOptions = Object.freeze({ initialMs: 100, maxMs: 5_000 });

export class Backoff {
  private attempt = 0;

  constructor(
    private readonly options: BackoffOptions = DEFAULT_SESSION_BACKOFF,
    /** Uniform in [0, 1); injected so tests are deterministic. */
    private readonly random: () => number = Math.random,
  ) {
    if (!(options.initialMs > 0) || !(options.maxMs >= options.initialMs)) {
      throw new RangeError(`backoff: need 0 < initialMs <= maxMs, got ${JSON.stringify(options)}`);
    }
  }

  /** Failures since the last reset(). */
  get attempts(): number {
    return this.attempt;
  }

  /** The delay before the next attempt; grows with each call until reset(). */
  next(): number {
    const { initialMs, maxMs } = this.options;
    // The exponent is capped so a long outage cannot overflow to Infinity.
    const base = Math.min(maxMs, initialMs * 2 ** Math.min(this.attempt, 30));
    this.attempt++;
    const half = base / 2;
    return Math.round(half + half * this.random());
  }

  /** A session was established: the next failure starts from `initialMs` again. */
  reset(): void {
    this.attempt = 0;
  }
}
