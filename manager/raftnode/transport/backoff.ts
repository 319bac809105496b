// Reconnect delays for a peer stream: exponential with jitter, so managers that lost each other at
// the same moment do not reconnect in lockstep.

export interface BackoffOptions {
  /** First delay after a failure. */
  readonly initialMs: number;
  /** Ceiling of the delay. */
  readonly maxMs: number;
  readonly multiplier: number;
  /** Fraction of the delay randomised in both directions: 0.2 gives ±20%. */
  readonly jitter: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = Object.freeze({
  initialMs: 50,
  maxMs: 1000,
  multiplier: 2,
  jitter: 0.2,
});

export class Backoff {
  private attempt = 0;

  constructor(
    private readonly options: BackoffOptions = DEFAULT_BACKOFF,
    /** Uniform in [0, 1); injected so tests are deterministic. */
    private readonly random: () => number = Math.random,
  ) {
    if (!(options.initialMs > 0) || !(options.maxMs >= options.initialMs) || !(options.multiplier >= 1)) {
      throw new RangeError(
        `backoff: need 0 < initialMs <= maxMs and multiplier >= 1, got ${JSON.stringify(options)}`,
      );
    }
    if (!(options.jitter >= 0 && options.jitter < 1)) {
      throw new RangeError(`backoff: jitter must be in [0, 1), got ${options.jitter}`);
    }
  }

  /** The delay before the next attempt; each call without reset() grows it up to maxMs. */
  next(): number {
    const { initialMs, maxMs, multiplier, jitter } = this.options;
    const base = Math.min(maxMs, initialMs * multiplier ** this.attempt);
    if (base < maxMs) this.attempt++;
    const spread = base * jitter * (2 * this.random() - 1);
    return Math.max(0, Math.round(base + spread));
  }

  reset(): void {
    this.attempt = 0;
  }
}
