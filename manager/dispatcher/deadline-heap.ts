// Indexed min-heap of per-key deadlines: set/delete in O(log n) and popping what is due in
// O(due · log n), so expiry never scans every node. `visited` counts entries inspected, for tests.

interface Entry {
  readonly key: string;
  deadline: number;
  index: number;
}

export class DeadlineHeap {
  private readonly heap: Entry[] = [];
  private readonly byKey = new Map<string, Entry>();
  /** Entries inspected by popDue since construction; lets tests prove expiry is O(expired). */
  visited = 0;

  get size(): number {
    return this.heap.length;
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  deadlineOf(key: string): number | undefined {
    return this.byKey.get(key)?.deadline;
  }

  /** The earliest deadline, for arming the one timer the dispatcher needs. */
  peekDeadline(): number | undefined {
    return this.heap[0]?.deadline;
  }

  /** Sets (or moves) the key's deadline. */
  set(key: string, deadline: number): void {
    const existing = this.byKey.get(key);
    if (existing === undefined) {
      const entry: Entry = { key, deadline, index: this.heap.length };
      this.heap.push(entry);
      this.byKey.set(key, entry);
      this.up(entry.index);
      return;
    }
    const earlier = deadline < existing.deadline;
    existing.deadline = deadline;
    if (earlier) this.up(existing.index);
    else this.down(existing.index);
  }

  delete(key: string): boolean {
    const entry = this.byKey.get(key);
    if (entry === undefined) return false;
    this.byKey.delete(key);
    const last = this.heap.pop();
    if (last !== undefined && last !== entry) {
      this.heap[entry.index] = last;
      last.index = entry.index;
      this.up(last.index);
      this.down(last.index);
    }
    return true;
  }

  /** Removes and returns every key whose deadline is < now, earliest first. */
  popDue(now: number): Array<{ key: string; deadline: number }> {
    const due: Array<{ key: string; deadline: number }> = [];
    for (;;) {
      const top = this.heap[0];
      if (top === undefined) break;
      this.visited++;
      if (top.deadline >= now) break;
      this.delete(top.key);
      due.push({ key: top.key, deadline: top.deadline });
    }
    return due;
  }

  private at(i: number): Entry {
    const e = this.heap[i];
    if (e === undefined) throw new RangeError(`deadline heap index ${i} out of range`);
    return e;
  }

  private swap(i: number, j: number): void {
    const a = this.at(i);
    const b = this.at(j);
    this.heap[i] = b;
    this.heap[j] = a;
    b.index = i;
    a.index = j;
  }

  private up(i: number): void {
    let child = i;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      if (this.at(parent).deadline <= this.at(child).deadline) return;
      this.swap(parent, child);
      child = parent;
    }
  }

  private down(i: number): void {
    let parent = i;
    const n = this.heap.length;
    for (;;) {
      const left = 2 * parent + 1;
      const right = left + 1;
      let smallest = parent;
      if (left < n && this.at(left).deadline < this.at(smallest).deadline) smallest = left;
      if (right < n && this.at(right).deadline < this.at(smallest).deadline) smallest = right;
      if (smallest === parent) return;
      this.swap(parent, smallest);
      parent = smallest;
    }
  }
}
