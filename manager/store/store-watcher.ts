// One consumer's view of the store's change stream: an async iterator over a bounded queue that the
// store fills synchronously during apply. A consumer that falls `queueLimit` events behind is
// closed with WatchOverflowError instead of slowing apply or growing without bound; it must re-read
// the store and watch again (the usual list-then-watch resync).
import { WatchOverflowError, type WatchResyncError } from './errors.ts';
import type { StoreEvent, WatchFilter } from './store-event.ts';

export const DEFAULT_WATCH_QUEUE_LIMIT = 10_000;

type Waiter = { resolve: (r: IteratorResult<StoreEvent>) => void; reject: (err: Error) => void };

export class StoreWatcher implements AsyncIterableIterator<StoreEvent> {
  private queue: StoreEvent[] = [];
  private head = 0;
  private waiter: Waiter | undefined;
  private closed = false;
  private failure: WatchResyncError | undefined;
  private readonly limit: number;

  constructor(
    private readonly filter: WatchFilter,
    private readonly onClose: (w: StoreWatcher) => void,
  ) {
    this.limit = filter.queueLimit ?? DEFAULT_WATCH_QUEUE_LIMIT;
  }

  /** Events delivered but not yet read. */
  get pending(): number {
    return this.queue.length - this.head;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * The next event in commit order. Resolves `done` once close() was called (after the queued
   * events are read); rejects with a WatchResyncError when the store dropped this watcher.
   */
  /**
   * The next event and every other one delivered by the end of that macrotask (a Raft batch's
   * changes, and any applied in the same turn), in order; undefined once the watcher is closed.
   * Rejects as next() does.
   */
  async nextTurn(): Promise<StoreEvent[] | undefined> {
    const first = await this.next();
    if (first.done) return undefined;
    await new Promise((resolve) => setImmediate(resolve));
    const changes: StoreEvent[] = [first.value];
    while (this.pending > 0) {
      const next = await this.next();
      if (next.done) break;
      changes.push(next.value);
    }
    return changes;
  }

  next(): Promise<IteratorResult<StoreEvent>> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (this.head < this.queue.length) {
      const value = this.queue[this.head++]!;
      if (this.head === this.queue.length) {
        this.queue = [];
        this.head = 0;
      }
      return Promise.resolve({ value, done: false });
    }
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    if (this.waiter !== undefined) return Promise.reject(new Error('StoreWatcher.next() is already pending'));
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  /** Stops delivery; events already queued can still be read. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose(this);
    const w = this.waiter;
    this.waiter = undefined;
    w?.resolve({ value: undefined, done: true });
  }

  return(): Promise<IteratorResult<StoreEvent>> {
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<StoreEvent> {
    return this;
  }

  /** Called by the store inside apply: filter, then hand over or queue. Never blocks, never throws. */
  deliver(event: StoreEvent): void {
    if (this.closed) return;
    const f = this.filter;
    if (f.kinds !== undefined && !f.kinds.includes(event.kind)) return;
    if (f.actions !== undefined && !f.actions.includes(event.action)) return;
    if (f.predicate !== undefined) {
      let keep: boolean;
      try {
        keep = f.predicate(event);
      } catch {
        keep = false;
      }
      if (!keep) return;
    }
    const w = this.waiter;
    if (w !== undefined) {
      this.waiter = undefined;
      w.resolve({ value: event, done: false });
      return;
    }
    if (this.pending >= this.limit) {
      this.fail(new WatchOverflowError(this.limit));
      return;
    }
    this.queue.push(event);
  }

  /** Drops the queue and closes: every later next() rejects with `err`. */
  fail(err: WatchResyncError): void {
    if (this.closed) return;
    this.failure = err;
    this.queue = [];
    this.head = 0;
    this.closed = true;
    this.onClose(this);
    const w = this.waiter;
    this.waiter = undefined;
    w?.reject(err);
  }
}
