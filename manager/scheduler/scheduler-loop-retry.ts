// How the scheduler loop paces its retries so that none becomes a busy loop: waiting tasks are
// retried on cluster changes at most once per interval (Throttle), and after a lost batch nothing
// is proposed until a delay that doubles with each failure has passed (Backoff).

/** Arms a timer and returns its cancel function. */
export type SetTimer = (fn: () => void, ms: number) => () => void;

export class Throttle {
  private cancel: (() => void) | undefined;
  private last: number | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number,
    private readonly setTimer: SetTimer,
  ) {}

  get armed(): boolean {
    return this.cancel !== undefined;
  }

  /** Runs `fn` now if the interval has passed since the last run, else once it has (requests fold). */
  request(fn: () => void): void {
    if (this.cancel !== undefined) return;
    const now = this.now();
    // Capped at the interval so a clock stepping back cannot stall retries.
    const wait = this.last === undefined ? 0 : Math.min(this.intervalMs, this.last + this.intervalMs - now);
    if (wait <= 0) {
      this.last = now;
      fn();
      return;
    }
    this.cancel = this.setTimer(() => {
      this.cancel = undefined;
      this.last = this.now();
      fn();
    }, wait);
  }

  dispose(): void {
    this.cancel?.();
    this.cancel = undefined;
  }
}

export class Backoff {
  private cancel: (() => void) | undefined;
  private delayMs = 0;

  constructor(
    private readonly firstMs: number,
    private readonly maxMs: number,
    private readonly setTimer: SetTimer,
  ) {}

  get armed(): boolean {
    return this.cancel !== undefined;
  }

  /** Arms the next delay (the first, or double the last) unless one is armed; returns it if armed now. */
  arm(fn: () => void): number | undefined {
    if (this.cancel !== undefined) return undefined;
    this.delayMs = this.delayMs === 0 ? this.firstMs : Math.min(this.maxMs, this.delayMs * 2);
    this.cancel = this.setTimer(() => {
      this.cancel = undefined;
      fn();
    }, this.delayMs);
    return this.delayMs;
  }

  /** After a success: the next failure starts from the first delay again. */
  reset(): void {
    this.delayMs = 0;
  }

  dispose(): void {
    this.cancel?.();
    this.cancel = undefined;
  }
}
