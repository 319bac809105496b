// Wakes the embedded buses' follow reads when something is published: each waits for the next
// publish, its own stop signal or a deadline, whichever comes first, and leaves no listener behind.

/** setTimeout fires at once for anything longer; a caller waiting longer just waits again. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class PublishSignal {
  private readonly waiters = new Set<() => void>();

  /** Wakes every read waiting now. */
  notify(): void {
    const waiting = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiting) wake();
  }

  /** Resolves on the next notify(), when `stop` fires, or after `timeoutMs` if given. */
  wait(stop: AbortSignal, timeoutMs?: number): Promise<void> {
    if (stop.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const wake = () => {
        this.waiters.delete(wake);
        stop.removeEventListener('abort', wake);
        if (timer !== undefined) clearTimeout(timer);
        resolve();
      };
      this.waiters.add(wake);
      stop.addEventListener('abort', wake, { once: true });
      if (timeoutMs !== undefined) timer = setTimeout(wake, Math.min(MAX_TIMER_MS, Math.max(0, timeoutMs)));
    });
  }

  /** Reads waiting now (for tests: a returned read leaves none). */
  get waiting(): number {
    return this.waiters.size;
  }
}
