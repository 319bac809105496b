// The iterator a bus read returns: batches from a generator that opens at once (so `ready` can say
// when later publishes will be seen), and whose return() or abort releases everything even while a
// next() is still waiting for new data — a plain async generator would queue return() behind it.

export interface BusReader<T> extends AsyncIterable<T[]> {
  /**
   * Resolves once the read has fixed what counts as past (its snapshot): every publish that
   * completes after this is delivered to a follow read. Rejects as the first next() would when the
   * read cannot open.
   */
  readonly ready: Promise<void>;
  next(): Promise<IteratorResult<T[], undefined>>;
  /** Ends the read and releases what it holds (consumers, subscriptions); safe to call twice. */
  return(): Promise<IteratorResult<T[], undefined>>;
  [Symbol.asyncIterator](): BusReader<T>;
}

/**
 * A read's body: yields batches, stops when `stop` fires, releases in `finally`, and calls `opened`
 * once its snapshot is taken (before its first await when it can).
 */
export type ReaderBody<T> = (stop: AbortSignal, opened: () => void) => AsyncGenerator<T[], void, undefined>;

export interface BusReaderOptions {
  /** The caller's signal: ends the read cleanly when it fires. */
  readonly signal?: AbortSignal | undefined;
  /** Called once when the read has ended, whichever way. */
  readonly onClose?: (() => void) | undefined;
}

const DONE: IteratorResult<never, undefined> = Object.freeze({ done: true, value: undefined });

class GeneratorBusReader<T> implements BusReader<T> {
  readonly ready: Promise<void>;
  private readonly stop = new AbortController();
  private readonly generator: AsyncGenerator<T[], void, undefined>;
  /** The first step, started in the constructor so the read opens without waiting for next(). */
  private primed: Promise<IteratorResult<T[], undefined>> | undefined;
  private closed = false;
  private readonly onExternalAbort = () => this.stop.abort();

  constructor(
    body: ReaderBody<T>,
    private readonly options: BusReaderOptions,
  ) {
    let resolveReady!: () => void;
    let rejectReady!: (err: unknown) => void;
    this.ready = new Promise<void>((resolve, reject) => {
      resolveReady = resolve;
      rejectReady = reject;
    });
    // A caller that never awaits ready must not see an unhandled rejection; next() reports it.
    this.ready.catch(() => {});
    const external = options.signal;
    if (external?.aborted) this.stop.abort();
    else external?.addEventListener('abort', this.onExternalAbort, { once: true });
    this.generator = body(this.stop.signal, resolveReady);
    this.primed = this.settle(this.generator.next());
    this.primed.then(resolveReady, rejectReady);
  }

  [Symbol.asyncIterator](): BusReader<T> {
    return this;
  }

  next(): Promise<IteratorResult<T[], undefined>> {
    const primed = this.primed;
    if (primed !== undefined) {
      this.primed = undefined;
      return primed;
    }
    if (this.closed) return Promise.resolve(DONE);
    return this.settle(this.generator.next());
  }

  async return(): Promise<IteratorResult<T[], undefined>> {
    this.stop.abort();
    this.primed = undefined;
    try {
      // Queued behind a pending next() if there is one; the abort above makes that one finish.
      await this.generator.return(undefined);
    } catch {
      // The body logs its own cleanup failures; the caller asked to stop and has stopped.
    }
    this.close();
    return DONE;
  }

  private settle(step: Promise<IteratorResult<T[], void>>): Promise<IteratorResult<T[], undefined>> {
    return step.then(
      (result) => {
        if (result.done === true) {
          this.close();
          return DONE;
        }
        return result;
      },
      (err: unknown) => {
        this.close();
        throw err;
      },
    );
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.options.signal?.removeEventListener('abort', this.onExternalAbort);
    this.options.onClose?.();
  }
}

/** Starts `body` now and wraps it as a BusReader. */
export function openBusReader<T>(body: ReaderBody<T>, options: BusReaderOptions = {}): BusReader<T> {
  return new GeneratorBusReader(body, options);
}
