// Time as the agent sees it: the worker, the status reporter and the hollow executor take a Clock so
// tests (and scale runs of thousands of hollow agents) drive time by hand instead of sleeping.

/** Cancels a scheduled callback; calling it after the callback ran, or twice, does nothing. */
export type Cancel = () => void;

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Runs `fn` once, `delayMs` from now. */
  schedule(delayMs: number, fn: () => void): Cancel;
}

/** The real clock, for daemons. */
export const systemClock: Clock = {
  now: () => Date.now(),
  schedule(delayMs, fn) {
    const handle = setTimeout(fn, delayMs);
    return () => clearTimeout(handle);
  },
};
