// The embedded buses' storage: entries in publish order, each with the bus-wide sequence number it
// was stored under (so a follow read resumes after the last one it saw), trimmed from the oldest end.

export interface Sequenced {
  /** Bus-wide and increasing along the ring. */
  readonly seq: number;
  /** What the entry counts against byte bounds. */
  readonly size: number;
}

export class SequencedRing<E extends Sequenced> {
  private entries: E[] = [];
  /** Index of the oldest kept entry; the array is compacted once half of it is dead. */
  private head = 0;
  private byteCount = 0;

  get length(): number {
    return this.entries.length - this.head;
  }

  get bytes(): number {
    return this.byteCount;
  }

  /** The oldest kept entry. */
  get first(): E | undefined {
    return this.entries[this.head];
  }

  push(entry: E): void {
    this.entries.push(entry);
    this.byteCount += entry.size;
  }

  /** Drops and returns the oldest entry. */
  shift(): E | undefined {
    const entry = this.entries[this.head];
    if (entry === undefined) return undefined;
    this.entries[this.head] = undefined as unknown as E; // let the line be collected now
    this.head++;
    this.byteCount -= entry.size;
    if (this.head >= 1024 && this.head * 2 >= this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
    return entry;
  }

  /** The kept entries with a sequence number above `seq` (all when `seq` is 0), oldest first. */
  *after(seq: number): Generator<E> {
    let lo = this.head;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.entries[mid]!.seq <= seq) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.entries.length; i++) yield this.entries[i]!;
  }
}
