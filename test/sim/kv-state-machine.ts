// The replicated state machine the simulated clients drive: a string map with get/put/append/cas.
// Deterministic, and serializable for Raft snapshots.
import type { KvInput, KvOutput } from './history.ts';

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

export class KvStateMachine {
  private data = new Map<string, string>();

  /** Applies one operation; returns what the client is told (see KvOutput). */
  apply(input: KvInput): KvOutput | undefined {
    const cur = this.data.get(input.key) ?? '';
    switch (input.kind) {
      case 'get':
        return cur;
      case 'put':
        this.data.set(input.key, input.value);
        return undefined;
      case 'append':
        this.data.set(input.key, cur + input.value);
        return undefined;
      case 'cas':
        if (cur !== input.expected) return false;
        this.data.set(input.key, input.value);
        return true;
    }
  }

  get(key: string): string {
    return this.data.get(key) ?? '';
  }

  keys(): string[] {
    return [...this.data.keys()].sort();
  }

  encode(): Uint8Array {
    return utf8.encode(JSON.stringify([...this.data.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))));
  }

  /** Replaces the state with a snapshot's; an empty payload (the bootstrap snapshot) is the empty map. */
  restore(snapshot: Uint8Array): void {
    this.data =
      snapshot.byteLength === 0
        ? new Map()
        : new Map(JSON.parse(fromUtf8.decode(snapshot)) as [string, string][]);
  }
}
