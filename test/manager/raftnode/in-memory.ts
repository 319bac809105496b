// In-memory persistence and transport for driver tests: same contracts as the WAL and gRPC ones.
import type {
  RaftPeerTransport,
  RaftPersistence,
  StateMachine,
} from '../../../manager/raftnode/contracts.ts';
import type { Entry, HardState, Message, NodeId, Snapshot } from '../../../raft/types.ts';

export class MemoryPersistence implements RaftPersistence {
  hardState: HardState | undefined;
  entries: Entry[] = [];
  snapshots: Snapshot[] = [];
  saves = 0;
  closed = false;

  async save(hs: HardState | undefined, entries: readonly Entry[]): Promise<void> {
    this.saves++;
    if (hs) this.hardState = hs;
    for (const e of entries) {
      const i = this.entries.findIndex((x) => x.index >= e.index);
      if (i >= 0) this.entries.length = i;
      this.entries.push(e);
    }
  }

  async saveSnapshot(s: Snapshot): Promise<void> {
    this.snapshots.push(s);
  }

  async releaseTo(index: number): Promise<void> {
    this.entries = this.entries.filter((e) => e.index > index);
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

/** A hub connecting in-process transports; links can be cut. */
export class MemoryHub {
  private readonly nodes = new Map<NodeId, MemoryTransport>();
  readonly down = new Set<NodeId>();

  transport(id: NodeId): MemoryTransport {
    const t = new MemoryTransport(id, this);
    this.nodes.set(id, t);
    return t;
  }

  deliver(m: Message): void {
    if (this.down.has(m.from) || this.down.has(m.to)) return;
    const t = this.nodes.get(m.to);
    if (t) setImmediate(() => t.receive(m));
  }
}

export class MemoryTransport implements RaftPeerTransport {
  private handler: ((m: Message) => void) | undefined;
  constructor(
    readonly id: NodeId,
    private readonly hub: MemoryHub,
  ) {}
  send(messages: readonly Message[]): void {
    for (const m of messages) this.hub.deliver(m);
  }
  receive(m: Message): void {
    this.handler?.(m);
  }
  onMessage(h: (m: Message) => void): void {
    this.handler = h;
  }
  onUnreachable(): void {}
  setPeer(): void {}
  removePeer(): void {}
  async close(): Promise<void> {}
}

/** A counter state machine: each entry adds its first byte; apply returns the new total. */
export class CounterMachine implements StateMachine<number> {
  total = 0;
  apply(e: Entry): number {
    this.total += e.data[0] ?? 0;
    return this.total;
  }
  snapshot(): Uint8Array {
    return new TextEncoder().encode(String(this.total));
  }
  restore(data: Uint8Array): void {
    this.total = Number(new TextDecoder().decode(data));
  }
}
