// Discrete-event scheduler of the simulation: a logical clock and a queue of events ordered by
// (time, insertion order), so that one seed always replays the same interleaving.

export interface SimEvent {
  readonly time: number;
  readonly seq: number;
  /** Short description for the trace; built lazily because most runs never print it. */
  readonly describe: () => string;
  readonly run: () => void;
}

export class Scheduler {
  private heap: SimEvent[] = [];
  private seq = 0;
  private clock = 0;

  get now(): number {
    return this.clock;
  }

  get size(): number {
    return this.heap.length;
  }

  /** Schedules `run` at now + delay (delay >= 0). Events at the same time run in insertion order. */
  after(delay: number, describe: () => string, run: () => void): void {
    if (!(delay >= 0)) throw new RangeError(`scheduler: delay must be >= 0, got ${delay}`);
    this.push({ time: this.clock + delay, seq: this.seq++, describe, run });
  }

  /** Removes and returns the next event, advancing the clock to its time; undefined when empty. */
  next(): SimEvent | undefined {
    const heap = this.heap;
    const top = heap[0];
    if (top === undefined) return undefined;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      this.siftDown(0);
    }
    this.clock = top.time;
    return top;
  }

  private push(e: SimEvent): void {
    const heap = this.heap;
    heap.push(e);
    let i = heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = heap[p]!;
      if (!before(e, parent)) break;
      heap[i] = parent;
      i = p;
    }
    heap[i] = e;
  }

  private siftDown(start: number): void {
    const heap = this.heap;
    const n = heap.length;
    const e = heap[start]!;
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      if (r < n && before(heap[r]!, heap[l]!)) c = r;
      if (!before(heap[c]!, e)) break;
      heap[i] = heap[c]!;
      i = c;
    }
    heap[i] = e;
  }
}

function before(a: SimEvent, b: SimEvent): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}
