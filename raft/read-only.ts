// ReadIndex bookkeeping (thesis section 6.4): a read is served at the commit index recorded when it
// arrived, once a heartbeat round proves this node is still the leader.
import type { NodeId } from './types.ts';

export interface ReadRequest {
  /** Internal key, unique across requesters: carried in heartbeats. */
  readonly key: string;
  /** The requester's own context, returned to it. */
  readonly ctx: string;
  readonly from: NodeId;
  readonly index: number;
  readonly acks: Set<NodeId>;
}

export class ReadOnly {
  private readonly pending = new Map<string, ReadRequest>();
  private queue: string[] = [];

  static key(from: NodeId, ctx: string): string {
    return `${from}\u0000${ctx}`;
  }

  add(index: number, from: NodeId, ctx: string): ReadRequest | undefined {
    const key = ReadOnly.key(from, ctx);
    if (this.pending.has(key)) return undefined;
    const req: ReadRequest = { key, ctx, from, index, acks: new Set() };
    this.pending.set(key, req);
    this.queue.push(key);
    return req;
  }

  /** Records a heartbeat acknowledgement; returns who acknowledged the request so far. */
  recvAck(from: NodeId, key: string): ReadonlySet<NodeId> | undefined {
    const req = this.pending.get(key);
    if (!req) return undefined;
    req.acks.add(from);
    return req.acks;
  }

  /** Releases `key` and every request queued before it (their confirmation is implied). */
  advance(key: string): ReadRequest[] {
    const i = this.queue.indexOf(key);
    if (i < 0) return [];
    const released = this.queue.slice(0, i + 1);
    this.queue = this.queue.slice(i + 1);
    const out: ReadRequest[] = [];
    for (const k of released) {
      const req = this.pending.get(k);
      if (req) out.push(req);
      this.pending.delete(k);
    }
    return out;
  }

  lastPendingKey(): string {
    return this.queue[this.queue.length - 1] ?? '';
  }

  reset(): void {
    this.pending.clear();
    this.queue = [];
  }
}
