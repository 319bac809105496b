// A secondary index of one object kind: each object files under zero or more string keys (a service
// under each of its labels, a task under its node), and a key looks up the ids filed under it.
//
// A key held by one id stores the id itself, not a one-element Set: a task's (service, slot) key is
// usually its alone, and 100,000 Sets of one cost ~28 MB of hash tables per manager.

export class ObjectIndex<T> {
  private readonly byKey = new Map<string, string | Set<string>>();

  constructor(private readonly keysOf: (obj: T) => readonly string[]) {}

  /** Moves `id` from the keys of `before` to those of `after` (either may be absent). */
  update(id: string, before: T | undefined, after: T | undefined): void {
    const oldKeys = before === undefined ? NO_KEYS : this.keysOf(before);
    const newKeys = after === undefined ? NO_KEYS : this.keysOf(after);
    // Most writes leave an object under its one key (a task's status changes, not its node).
    if (oldKeys.length === 1 && newKeys.length === 1 && oldKeys[0] === newKeys[0]) return;
    for (const k of oldKeys) {
      if (!newKeys.includes(k)) this.remove(k, id);
    }
    for (const k of newKeys) {
      if (!oldKeys.includes(k)) this.add(k, id);
    }
  }

  /** The ids filed under `key` (a live set: do not keep it across writes). */
  lookup(key: string): ReadonlySet<string> {
    const ids = this.byKey.get(key);
    if (ids === undefined) return EMPTY;
    return typeof ids === 'string' ? new Set([ids]) : ids;
  }

  clear(): void {
    this.byKey.clear();
  }

  private add(key: string, id: string): void {
    const ids = this.byKey.get(key);
    if (ids === undefined) this.byKey.set(key, id);
    else if (typeof ids !== 'string') ids.add(id);
    else if (ids !== id) this.byKey.set(key, new Set([ids, id]));
  }

  private remove(key: string, id: string): void {
    const ids = this.byKey.get(key);
    if (ids === undefined) return;
    if (typeof ids === 'string') {
      if (ids === id) this.byKey.delete(key);
      return;
    }
    ids.delete(id);
    if (ids.size === 0) this.byKey.delete(key);
  }
}

const EMPTY: ReadonlySet<string> = new Set();
const NO_KEYS: readonly string[] = [];
