// Bounded window of AppendEntries in flight to one follower: the pipelining limit.

export class Inflights {
  private readonly buf: number[];
  private start = 0;
  private count = 0;

  constructor(readonly size: number) {
    this.buf = new Array<number>(size).fill(0);
  }

  /** Records a message whose last entry is `index`. Indexes must be added in increasing order. */
  add(index: number): void {
    if (this.full()) throw new Error('raft invariant: inflights window is full');
    this.buf[(this.start + this.count) % this.size] = index;
    this.count++;
  }

  /** Frees every in-flight message whose last entry is <= `to`. */
  freeLE(to: number): void {
    while (this.count > 0 && this.buf[this.start]! <= to) {
      this.start = (this.start + 1) % this.size;
      this.count--;
    }
  }

  /** Frees the oldest in-flight message (it was probably lost). */
  freeFirstOne(): void {
    if (this.count === 0) return;
    this.start = (this.start + 1) % this.size;
    this.count--;
  }

  full(): boolean {
    return this.count === this.size;
  }

  length(): number {
    return this.count;
  }

  reset(): void {
    this.start = 0;
    this.count = 0;
  }
}
