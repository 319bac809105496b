// The objects of one kind by id, with the kind's secondary indexes kept in step on every write, and
// a lazily sorted id list for id-prefix lookups and ordered listing (sorted again only after a write).
import { ObjectIndex } from './object-index.ts';

export class ObjectTable<T extends { readonly id: string }> {
  private readonly objects = new Map<string, T>();
  private readonly indexes = new Map<string, ObjectIndex<T>>();
  private sorted: string[] | undefined = [];

  constructor(keyFunctions: Readonly<Record<string, (obj: T) => readonly string[]>>) {
    for (const [name, keysOf] of Object.entries(keyFunctions))
      this.indexes.set(name, new ObjectIndex(keysOf));
  }

  get size(): number {
    return this.objects.size;
  }

  get(id: string): T | undefined {
    return this.objects.get(id);
  }

  /** Inserts, replaces (`obj` given) or removes (`obj` undefined) the object `id`. */
  put(id: string, obj: T | undefined): void {
    const before = this.objects.get(id);
    if (before === undefined && obj === undefined) return;
    for (const index of this.indexes.values()) index.update(id, before, obj);
    if (obj === undefined) this.objects.delete(id);
    else this.objects.set(id, obj);
    if (before === undefined || obj === undefined) this.sorted = undefined;
  }

  lookup(index: string, key: string): ReadonlySet<string> {
    const idx = this.indexes.get(index);
    if (idx === undefined) throw new Error(`no index ${index}`);
    return idx.lookup(key);
  }

  /** Every id, ascending (the array is shared: do not modify it). */
  sortedIds(): readonly string[] {
    if (this.sorted === undefined) this.sorted = [...this.objects.keys()].sort(compareIds);
    return this.sorted;
  }

  /** Ids starting with `prefix`, ascending. */
  idsWithPrefix(prefix: string): string[] {
    const ids = this.sortedIds();
    let lo = 0;
    let hi = ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ids[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    const out: string[] = [];
    for (let i = lo; i < ids.length && ids[i]!.startsWith(prefix); i++) out.push(ids[i]!);
    return out;
  }

  values(): IterableIterator<T> {
    return this.objects.values();
  }

  clear(): void {
    this.objects.clear();
    for (const index of this.indexes.values()) index.clear();
    this.sorted = [];
  }
}

/** Code-unit order, the same on every manager (localeCompare is not). */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
