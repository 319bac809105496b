// In-memory harness for raft unit tests (etcd-io/raft's `network`): members with MemoryStorage whose
// Ready is processed synchronously; messages delivered until quiet, with cuts, isolation and drops.
import { decodeConfChange } from '../../raft/confchange.ts';
import type { Config } from '../../raft/config.ts';
import { MemoryStorage } from '../../raft/memory-storage.ts';
import { SeededRandom } from '../../raft/random.ts';
import { RawNode } from '../../raft/rawnode.ts';
import {
  type Entry,
  EntryType,
  type Message,
  type MessageType,
  type NodeId,
  type ReadState,
  type Snapshot,
} from '../../raft/types.ts';

export interface Member {
  readonly id: NodeId;
  raw: RawNode;
  readonly storage: MemoryStorage;
  /** Entries applied, in order (the state machine of the tests). */
  readonly applied: Entry[];
  readonly readStates: ReadState[];
  /** Snapshots this member installed from its leader, in order. */
  readonly snapshots: Snapshot[];
}

export type MemberOptions = Partial<Omit<Config, 'id' | 'storage' | 'random'>>;

/** The message interface(s) whose `type` may be T (VoteMessage serves both Vote and PreVote). */
export type MessageOf<T extends MessageType> = Message extends infer M
  ? M extends Message
    ? T extends M['type']
      ? M
      : never
    : never
  : never;

export class Network {
  readonly members = new Map<NodeId, Member>();
  private readonly cut = new Set<string>();
  private readonly isolated = new Set<NodeId>();
  private readonly dropped = new Map<MessageType, number>();
  private readonly random: SeededRandom;
  /** Every message delivered, for assertions on traffic. */
  readonly delivered: Message[] = [];
  /** Optional filter: return false to drop a message. */
  filter: ((m: Message) => boolean) | undefined;
  /** Optional hold: matching messages are parked (not lost) until `releaseHeld`. */
  hold: ((m: Message) => boolean) | undefined;
  /** Messages parked by `hold`, in the order they were sent. */
  readonly held: Message[] = [];
  /** Messages to deliver first on the next `settle` (released from `held`). */
  private backlog: Message[] = [];

  /**
   * Members start from `storageFor(id)` when given (a hand-made log), else from a bootstrap storage
   * naming every id as a founding voter.
   */
  constructor(
    ids: readonly NodeId[],
    private readonly options: MemberOptions = {},
    seed = 1,
    storageFor?: (id: NodeId) => MemoryStorage,
  ) {
    this.random = new SeededRandom(seed);
    for (const id of ids) this.add(id, storageFor ? storageFor(id) : MemoryStorage.bootstrap(ids));
    this.settle();
  }

  add(id: NodeId, storage: MemoryStorage = new MemoryStorage(), options: MemberOptions = {}): Member {
    const raw = new RawNode({
      ...this.options,
      ...options,
      id,
      storage,
      random: new SeededRandom(this.random.nextUint32()),
    });
    const m: Member = { id, raw, storage, applied: [], readStates: [], snapshots: [] };
    this.members.set(id, m);
    return m;
  }

  /** Replaces a member's RawNode as after a crash with all its storage intact. */
  restart(id: NodeId, options: MemberOptions = {}): Member {
    const old = this.get(id);
    const raw = new RawNode({
      ...this.options,
      ...options,
      id,
      storage: old.storage,
      random: new SeededRandom(this.random.nextUint32()),
      applied: old.storage.snapshot().meta.index,
    });
    const m: Member = { id, raw, storage: old.storage, applied: [], readStates: [], snapshots: [] };
    this.members.set(id, m);
    return m;
  }

  get(id: NodeId): Member {
    const m = this.members.get(id);
    if (!m) throw new Error(`no member ${id}`);
    return m;
  }

  cutLink(a: NodeId, b: NodeId): void {
    this.cut.add(`${a}>${b}`);
    this.cut.add(`${b}>${a}`);
  }

  isolate(id: NodeId): void {
    this.isolated.add(id);
  }

  recover(): void {
    this.cut.clear();
    this.isolated.clear();
    this.dropped.clear();
    this.filter = undefined;
  }

  /** Drops the next `n` messages of a type. */
  drop(type: MessageType, n = Number.POSITIVE_INFINITY): void {
    this.dropped.set(type, n);
  }

  /** Processes every member's Ready once; returns the messages they emitted. */
  private processReadies(): Message[] {
    const out: Message[] = [];
    for (const m of this.members.values()) {
      while (m.raw.hasReady()) {
        const rd = m.raw.ready();
        if (rd.hardState) m.storage.setHardState(rd.hardState);
        if (rd.snapshot) {
          m.storage.applySnapshot(rd.snapshot);
          m.snapshots.push(rd.snapshot);
        }
        m.storage.append(rd.entries);
        out.push(...rd.messages);
        m.readStates.push(...rd.readStates);
        for (const e of rd.committedEntries) {
          m.applied.push(e);
          if (e.type === EntryType.ConfChange) m.raw.applyConfChange(decodeConfChange(e.data));
        }
        m.raw.advance(rd);
      }
    }
    return out;
  }

  private deliverable(msg: Message): boolean {
    if (!this.members.has(msg.to)) return false;
    if (this.isolated.has(msg.to) || this.isolated.has(msg.from)) return false;
    if (this.cut.has(`${msg.from}>${msg.to}`)) return false;
    const left = this.dropped.get(msg.type);
    if (left !== undefined && left > 0) {
      this.dropped.set(msg.type, left - 1);
      return false;
    }
    if (this.filter && !this.filter(msg)) return false;
    return true;
  }

  /** Delivers messages until no member has anything more to say. */
  settle(maxRounds = 10_000): void {
    const released = new Set(this.backlog);
    let pending = [...this.backlog, ...this.processReadies()];
    this.backlog = [];
    for (let round = 0; pending.length > 0; round++) {
      if (round > maxRounds) throw new Error('network did not settle');
      for (const msg of pending) {
        if (!this.deliverable(msg)) continue;
        if (!released.has(msg) && this.hold?.(msg)) {
          this.held.push(msg);
          continue;
        }
        this.delivered.push(msg);
        this.get(msg.to).raw.step(msg);
      }
      pending = this.processReadies();
    }
  }

  /** Delivers the parked messages matching `which` (all by default), then settles. */
  releaseHeld(which: (m: Message) => boolean = () => true): void {
    const keep: Message[] = [];
    for (const m of this.held.splice(0)) (which(m) ? this.backlog : keep).push(m);
    this.held.push(...keep);
    this.settle();
  }

  /** Ticks (settling after each) until `done` holds; returns the ticks it took, or -1 after `max`. */
  tickUntil(done: () => boolean, max: number, only?: readonly NodeId[]): number {
    for (let i = 0; i <= max; i++) {
      if (done()) return i;
      if (i < max) this.tick(1, only);
    }
    return -1;
  }

  /**
   * The member snapshots its state machine at its applied index and compacts its log up to there
   * (section 7). The snapshot data is `data`; returns the snapshot index.
   */
  compact(id: NodeId, data: Uint8Array): number {
    const m = this.get(id);
    const st = m.raw.status();
    m.storage.createSnapshot(st.applied, st.confState, data);
    m.storage.compact(st.applied);
    return st.applied;
  }

  /** Messages delivered so far of one type, optionally only those between two members. */
  deliveredOf<T extends MessageType>(type: T, from?: NodeId, to?: NodeId): MessageOf<T>[] {
    return this.delivered.filter(
      (m): m is MessageOf<T> =>
        m.type === type && (from === undefined || m.from === from) && (to === undefined || m.to === to),
    );
  }

  /** Ticks every member `n` times, settling after each tick. */
  tick(n = 1, only?: readonly NodeId[]): void {
    for (let i = 0; i < n; i++) {
      for (const m of this.members.values()) if (!only || only.includes(m.id)) m.raw.tick();
      this.settle();
    }
  }

  campaign(id: NodeId): void {
    this.get(id).raw.campaign();
    this.settle();
  }

  leader(): Member | undefined {
    const leaders = [...this.members.values()].filter(
      (m) => m.raw.status().role === 'leader' && !this.isolated.has(m.id),
    );
    leaders.sort((a, b) => b.raw.status().term - a.raw.status().term);
    return leaders[0];
  }

  propose(id: NodeId, data: string): { index: number; term: number } {
    const r = this.get(id).raw.propose(new TextEncoder().encode(data));
    this.settle();
    return r;
  }

  /** Data of applied normal entries of a member, as strings (empty leader entries skipped). */
  appliedData(id: NodeId): string[] {
    return this.get(id)
      .applied.filter((e) => e.type === EntryType.Normal && e.data.length > 0)
      .map((e) => new TextDecoder().decode(e.data));
  }
}
