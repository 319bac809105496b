// The one timer behind heartbeat expiry: armed for the earliest deadline NodeSessions holds, moved
// only when a deadline earlier than the armed one appears (a later one is found when it fires).

export class DeadlineTimer {
  private cancel: (() => void) | undefined;
  private armedAt: number | undefined;
  private stopped = false;

  constructor(
    private readonly setTimer: (fn: () => void, ms: number) => () => void,
    private readonly now: () => number,
    private readonly onDue: () => void,
  ) {}

  /** Fires onDue just after `deadline` (NodeSessions expires deadlines strictly before now). */
  arm(deadline: number | undefined): void {
    if (this.stopped || deadline === undefined) return;
    if (this.armedAt !== undefined && this.armedAt <= deadline) return;
    this.cancel?.();
    this.armedAt = deadline;
    this.cancel = this.setTimer(
      () => {
        this.cancel = undefined;
        this.armedAt = undefined;
        if (!this.stopped) this.onDue();
      },
      Math.max(0, deadline - this.now() + 1),
    );
  }

  stop(): void {
    this.stopped = true;
    this.cancel?.();
    this.cancel = undefined;
  }
}
