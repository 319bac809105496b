// The shape of the log the WAL holds (last index, terms as runs) so a saved snapshot can be marked
// as continuing the log or replacing it, without keeping entries in memory.

export class LogTerms {
  /** Index and term the log starts after (a snapshot, or 0/0). */
  private base: number;
  private baseTerm: number;
  /** runStart[i] is the first index whose term is runTerm[i]; ascending. */
  private runStart: number[] = [];
  private runTerm: number[] = [];
  private last: number;

  constructor(baseIndex = 0, baseTerm = 0) {
    this.base = baseIndex;
    this.baseTerm = baseTerm;
    this.last = baseIndex;
  }

  get baseIndex(): number {
    return this.base;
  }

  get lastIndex(): number {
    return this.last;
  }

  /** Term at index i, or undefined when i is before the base or after the last entry. */
  termAt(i: number): number | undefined {
    if (i === this.base) return this.baseTerm;
    if (i < this.base || i > this.last) return undefined;
    let lo = 0;
    let hi = this.runStart.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.runStart[mid]! <= i) lo = mid;
      else hi = mid - 1;
    }
    return this.runTerm[lo];
  }

  /**
   * Whether `entries` (ascending, contiguous) may be appended: the first must not leave a gap.
   * Returns a reason when not.
   */
  checkAppend(entries: readonly { readonly index: number }[]): string | undefined {
    const first = entries[0];
    if (first === undefined) return undefined;
    if (first.index > this.last + 1) {
      return `entry ${first.index} would leave a gap after the last index ${this.last}`;
    }
    for (let i = 1; i < entries.length; i++) {
      if (entries[i]!.index !== first.index + i) return `entries are not contiguous at position ${i}`;
    }
    return undefined;
  }

  /** Appends entries; an index at or below the last one replaces the suffix from there (Raft 5.3). */
  append(entries: readonly { readonly index: number; readonly term: number }[]): void {
    for (const e of entries) {
      if (e.index <= this.base) continue;
      if (e.index <= this.last) this.truncateFrom(e.index);
      const top = this.runTerm.length - 1;
      if (top < 0 || this.runTerm[top] !== e.term) {
        this.runStart.push(e.index);
        this.runTerm.push(e.term);
      }
      this.last = e.index;
    }
  }

  /** The log was replaced by a snapshot: it now starts empty after (index, term). */
  reset(index: number, term: number): void {
    this.base = index;
    this.baseTerm = term;
    this.runStart = [];
    this.runTerm = [];
    this.last = index;
  }

  /** A snapshot at `index` covers the prefix: forget runs that end before it. */
  compact(index: number, term: number): void {
    if (index <= this.base || index > this.last) return;
    let keep = 0;
    while (keep + 1 < this.runStart.length && this.runStart[keep + 1]! <= index) keep++;
    this.runStart.splice(0, keep);
    this.runTerm.splice(0, keep);
    this.base = index;
    this.baseTerm = term;
  }

  private truncateFrom(index: number): void {
    while (this.runStart.length > 0 && this.runStart[this.runStart.length - 1]! >= index) {
      this.runStart.pop();
      this.runTerm.pop();
    }
    this.last = index - 1;
  }
}
