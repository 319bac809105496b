// A secondary index of one object kind: each object files under zero or more string keys (a service
// under each of its labels, a task under its node), and a key looks up the ids filed under it.

export class ObjectIndex<T> {
  private readonly byKey = new Map<string, Set<string>>();

  constructor(private readonly keysOf: (obj: T) => readonly string[]) {}

  /** Moves `id` from the keys of `before` to those of `after` (either may be absent). */
  update(id: string, before: T | undefined, after: T | undefined): void {
    const oldKeys = before === undefined ? NO_KEYS : this.keysOf(before);
    const newKeys = after === undefined ? NO_KEYS : this.keysOf(after);
    // Most writes leave an object under its one key (a task's status changes, not its node).
    if (oldKeys.length === 1 && newKeys.length === 1 && oldKeys[0] === newKeys[0]) return;
    for (const k of oldKeys) {
      if (newKeys.includes(k)) continue;
      const ids = this.byKey.get(k);
      if (ids === undefined) continue;
      ids.delete(id);
      if (ids.size === 0) this.byKey.delete(k);
    }
    for (const k of newKeys) {
      if (oldKeys.includes(k)) continue;
      let ids = this.byKey.get(k);
      if (ids === undefined) {
        ids = new Set();
        this.byKey.set(k, ids);
      }
      ids.add(id);
    }
  }

  /** The ids filed under `key` (a live set: do not keep it across writes). */
  lookup(key: string): ReadonlySet<string> {
    return this.byKey.get(key) ?? EMPTY;
  }

  clear(): void {
    this.byKey.clear();
  }
}

const EMPTY: ReadonlySet<string> = new Set();
const NO_KEYS: readonly string[] = [];
