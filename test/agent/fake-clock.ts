// A hand-driven Clock for agent tests: time moves only through advance(), and settle() lets every
// pending promise chain run to the end (one macrotask turn drains the whole microtask queue).
import type { Cancel, Clock } from '../../agent/worker/clock.ts';

interface Timer {
  readonly due: number;
  readonly seq: number;
  readonly fn: () => void;
}

export class FakeClock implements Clock {
  private time: number;
  private seq = 0;
  private timers: Timer[] = [];

  constructor(start = 1_700_000_000_000) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  schedule(delayMs: number, fn: () => void): Cancel {
    const timer = { due: this.time + Math.max(0, delayMs), seq: this.seq++, fn };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  /** Timers not yet run. */
  get pendingTimers(): number {
    return this.timers.length;
  }

  /** Moves time forward, running each due timer in order and settling after each. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    await settle();
    for (;;) {
      const next = this.nextDue();
      if (next === undefined || next.due > end) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.time = next.due;
      next.fn();
      await settle();
    }
    this.time = end;
  }

  private nextDue(): Timer | undefined {
    let best: Timer | undefined;
    for (const t of this.timers) {
      if (best === undefined || t.due < best.due || (t.due === best.due && t.seq < best.seq)) best = t;
    }
    return best;
  }
}

/** Lets all promise chains started so far run to completion. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
