// Group commit: requests queued while a write + fsync is in flight form the next round, so N
// concurrent saves cost one write and one fsync. Rounds run one at a time, in submission order.

export interface GroupCommitOptions<T> {
  /**
   * Writes one batch durably; returns, per item, an error that rejects just that item (it was not
   * written) or undefined. Throwing fails the whole queue: nothing after a failed write is trusted.
   */
  readonly commit: (items: readonly T[]) => Promise<readonly (Error | undefined)[]>;
  /** Turns the cause of a failed round into the error every pending and later request gets. */
  readonly failure: (cause: unknown) => Error;
  /** Approximate size of an item; a round stops adding items past `maxBatchWeight`. */
  readonly weight: (item: T) => number;
  readonly maxBatchWeight: number;
}

interface Gate {
  settled: boolean;
  error: Error | undefined;
  readonly promise: Promise<void>;
}

interface Pending<T> {
  readonly item: T;
  readonly gate: Gate | undefined;
  readonly resolve: () => void;
  readonly reject: (err: Error) => void;
}

/** The queue. A request may carry a gate (a snapshot file being written) that it must wait for. */
export class GroupCommit<T> {
  private readonly queue: Pending<T>[] = [];
  private running: Promise<void> | undefined;
  private failed: Error | undefined;

  constructor(private readonly opts: GroupCommitOptions<T>) {}

  /** The error that stopped the queue, if any. */
  get failure(): Error | undefined {
    return this.failed;
  }

  /** Resolves once `item` is committed. With `gate`, the item is not written before the gate settles. */
  submit(item: T, gate?: Promise<unknown>): Promise<void> {
    if (this.failed !== undefined) return Promise.reject(this.failed);
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ item, gate: gate === undefined ? undefined : track(gate), resolve, reject });
      this.running ??= this.run();
    });
  }

  /** Resolves when everything submitted so far has been committed or rejected. */
  async drain(): Promise<void> {
    while (this.running !== undefined) await this.running;
  }

  /** Stops the queue: pending and later requests are rejected with `err`. */
  fail(err: Error): void {
    this.failed ??= err;
    for (const p of this.queue.splice(0)) p.reject(this.failed);
  }

  private async run(): Promise<void> {
    // Yield once: requests issued in the same tick join the first round, and `running` is assigned
    // before this can finish.
    await Promise.resolve();
    try {
      while (this.queue.length > 0 && this.failed === undefined) {
        const head = this.queue[0]!;
        if (head.gate !== undefined && !head.gate.settled) {
          await head.gate.promise;
          continue;
        }
        if (head.gate?.error !== undefined) {
          this.queue.shift();
          head.reject(head.gate.error);
          continue;
        }
        const batch = this.takeBatch();
        let errors: readonly (Error | undefined)[];
        try {
          errors = await this.opts.commit(batch.map((p) => p.item));
        } catch (cause) {
          const err = this.opts.failure(cause);
          for (const p of batch) p.reject(err);
          this.fail(err);
          return;
        }
        batch.forEach((p, i) => {
          const e = errors[i];
          if (e === undefined) p.resolve();
          else p.reject(e);
        });
      }
    } finally {
      this.running = undefined;
    }
  }

  /** Items from the head up to the first one still waiting on its gate, bounded by weight. */
  private takeBatch(): Pending<T>[] {
    let n = 0;
    let weight = 0;
    while (n < this.queue.length) {
      const p = this.queue[n]!;
      if (p.gate !== undefined && (!p.gate.settled || p.gate.error !== undefined)) break;
      weight += this.opts.weight(p.item);
      if (n > 0 && weight > this.opts.maxBatchWeight) break;
      n++;
    }
    return this.queue.splice(0, n);
  }
}

function track(p: Promise<unknown>): Gate {
  const gate: Gate = {
    settled: false,
    error: undefined,
    promise: p.then(
      () => {
        gate.settled = true;
      },
      (err: unknown) => {
        gate.settled = true;
        gate.error = err instanceof Error ? err : new Error(String(err));
      },
    ),
  };
  return gate;
}
