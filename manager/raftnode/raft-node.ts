// The Raft driver: runs the core's ready loop over durable storage, a peer transport and the state
// machine, with a real clock. Proposals resolve with the state machine's result once applied;
// reads get a linearizable barrier through ReadIndex.
import { randomBytes } from 'node:crypto';
import { decodeConfChange } from '../../raft/confchange.ts';
import type { Config, RaftLogger } from '../../raft/config.ts';
import type { MemoryStorage } from '../../raft/memory-storage.ts';
import { RawNode } from '../../raft/rawnode.ts';
import type { Ready } from '../../raft/ready.ts';
import type { Status } from '../../raft/status.ts';
import {
  type ConfChange,
  type ConfState,
  type Entry,
  EntryType,
  type Message,
  MessageType,
  type NodeId,
  type SoftState,
} from '../../raft/types.ts';
import type { RaftPeerTransport, RaftPersistence, StateMachine } from './contracts.ts';
import { ProposalLostError, RaftNodeError, RaftStoppedError, RaftTimeoutError } from './errors.ts';

export interface RaftNodeOptions<R> {
  readonly id: NodeId;
  /** Already loaded with what the persistence recovered. */
  readonly storage: MemoryStorage;
  readonly persistence: RaftPersistence;
  readonly transport: RaftPeerTransport;
  readonly stateMachine: StateMachine<R>;
  /** Index the state machine already reflects (the recovered snapshot's index). */
  readonly applied?: number;
  /** Milliseconds per raft tick. Default 50 ms (with electionTick 10: elections after 0.5–1 s). */
  readonly tickMs?: number;
  /** Take a snapshot every this many applied entries. */
  readonly snapshotEvery?: number;
  /** Entries kept in the log behind a snapshot so slightly lagging followers avoid a snapshot. */
  readonly snapshotCatchUpEntries?: number;
  /** Default timeout of propose() and readBarrier(). */
  readonly requestTimeoutMs?: number;
  readonly maxProposalBytes?: number;
  readonly raft?: Partial<Omit<Config, 'id' | 'storage' | 'applied' | 'random'>> & Pick<Config, 'random'>;
  readonly logger?: RaftLogger & { error(obj: object, msg: string): void };
  /** Called after a conf change is applied, with the change and the new membership. */
  readonly onConfChange?: (cc: ConfChange, cs: ConfState) => void;
  readonly onSoftState?: (s: SoftState) => void;
  /** Called when the loop hits an unrecoverable error (e.g. the disk failed); the node has stopped. */
  readonly onFatal?: (err: Error) => void;
}

interface ProposalWaiter<R> {
  readonly term: number;
  resolve(result: R): void;
  reject(err: Error): void;
  /** performance.now() deadline; swept on every tick (no timer per request: 100k+/s of them). */
  readonly deadline: number;
  readonly timeoutMs: number;
}

interface ReadWaiter {
  index: number | undefined;
  resolve(): void;
  reject(err: Error): void;
  readonly deadline: number;
  readonly timeoutMs: number;
}

/** Leader messages that may leave before the leader's own write is durable (thesis 10.2.1). */
const EARLY_TYPES: ReadonlySet<MessageType> = new Set([
  MessageType.App,
  MessageType.Snap,
  MessageType.Heartbeat,
]);

export class RaftNode<R> {
  readonly id: NodeId;
  private readonly raw: RawNode;
  private readonly storage: MemoryStorage;
  private readonly persistence: RaftPersistence;
  private readonly transport: RaftPeerTransport;
  private readonly sm: StateMachine<R>;
  private readonly opts: RaftNodeOptions<R>;
  private readonly proposals = new Map<number, ProposalWaiter<R>>();
  private readonly reads = new Map<string, ReadWaiter>();
  private readSeq = 0;
  private readonly incarnation = randomBytes(6).toString('hex');
  /** Membership as of the applied index: what a snapshot taken at that index must record. */
  private appliedConfState: ConfState;
  private applied: number;
  private snapshotIndex: number;
  private ticker: NodeJS.Timeout | undefined;
  private running = false;
  private scheduled = false;
  private stopped = false;
  private idle: Promise<void> = Promise.resolve();
  private soft: SoftState;
  /** The outstanding Ready carries a snapshot: nothing may be applied until it is restored. */
  private applyingSnapshot = false;

  constructor(opts: RaftNodeOptions<R>) {
    this.opts = opts;
    this.id = opts.id;
    this.storage = opts.storage;
    this.persistence = opts.persistence;
    this.transport = opts.transport;
    this.sm = opts.stateMachine;
    this.applied = opts.applied ?? 0;
    this.snapshotIndex = opts.storage.snapshot().meta.index;
    const rc: Config = {
      electionTick: 10,
      heartbeatTick: 1,
      ...opts.raft,
      id: opts.id,
      storage: opts.storage,
      applied: this.applied,
      random: opts.raft?.random ?? { intn: (n: number) => Math.floor(Math.random() * n) },
      ...(opts.logger ? { logger: opts.logger } : {}),
    };
    this.raw = new RawNode(rc);
    this.appliedConfState = opts.storage.snapshot().meta.confState;
    this.soft = { leader: '', role: this.raw.status().role };
  }

  start(): void {
    this.transport.onMessage((m) => this.step(m));
    this.transport.onUnreachable((peer) => {
      if (!this.stopped) this.raw.reportUnreachable(peer);
    });
    const tickMs = this.opts.tickMs ?? 50;
    this.ticker = setInterval(() => {
      if (this.stopped) return;
      this.raw.tick();
      this.expireRequests();
      this.schedule();
    }, tickMs);
    this.schedule();
  }

  status(): Status {
    return this.raw.status();
  }

  isLeader(): boolean {
    return this.soft.role === 'leader';
  }

  leader(): NodeId {
    return this.soft.leader;
  }

  step(m: Message): void {
    if (this.stopped) return;
    this.raw.step(m);
    // While a Ready's write is in flight, entries this message committed are applied at once rather
    // than after that write: they are durable on a quorum (the followers' acknowledgements).
    if (this.running && !this.applyingSnapshot) {
      for (const e of this.raw.takeCommitted()) this.applyEntry(e);
      this.releaseReads();
    }
    this.schedule();
  }

  campaign(): void {
    this.raw.campaign();
    this.schedule();
  }

  transferLeadership(target: NodeId): void {
    this.raw.transferLeadership(target);
    this.schedule();
  }

  /**
   * Proposes `data`; resolves with the state machine's result once the entry is applied here.
   * Throws NotLeaderError (with the leader's id) on a follower.
   */
  propose(data: Uint8Array, timeoutMs = this.opts.requestTimeoutMs ?? 10_000): Promise<R> {
    if (this.stopped) return Promise.reject(new RaftStoppedError());
    const max = this.opts.maxProposalBytes ?? 8 * 1024 * 1024;
    if (data.length > max) {
      return Promise.reject(
        new RaftNodeError(`proposal of ${data.length} bytes exceeds the ${max}-byte limit`),
      );
    }
    let index: number;
    let term: number;
    try {
      ({ index, term } = this.raw.propose(data));
    } catch (err) {
      return Promise.reject(err);
    }
    return this.waitApplied(index, term, timeoutMs);
  }

  proposeConfChange(cc: ConfChange, timeoutMs = this.opts.requestTimeoutMs ?? 10_000): Promise<R> {
    if (this.stopped) return Promise.reject(new RaftStoppedError());
    let r: { index: number; term: number };
    try {
      r = this.raw.proposeConfChange(cc);
    } catch (err) {
      return Promise.reject(err);
    }
    return this.waitApplied(r.index, r.term, timeoutMs);
  }

  private waitApplied(index: number, term: number, timeoutMs: number): Promise<R> {
    const p = new Promise<R>((resolve, reject) => {
      const w: ProposalWaiter<R> = {
        term,
        resolve,
        reject,
        deadline: performance.now() + timeoutMs,
        timeoutMs,
      };
      this.proposals.set(index, w);
    });
    this.schedule();
    return p;
  }

  /** Resolves when this node's state reflects every write committed before the call (ReadIndex). */
  readBarrier(timeoutMs = this.opts.requestTimeoutMs ?? 10_000): Promise<void> {
    if (this.stopped) return Promise.reject(new RaftStoppedError());
    // Unique across restarts of this member too: a ctx reused after a restart could be answered by
    // a read point recorded before it (review finding 2).
    const ctx = `${this.id}/${this.incarnation}/${++this.readSeq}`;
    try {
      this.raw.readIndex(ctx);
    } catch (err) {
      return Promise.reject(err);
    }
    const p = new Promise<void>((resolve, reject) => {
      const w: ReadWaiter = {
        index: undefined,
        resolve,
        reject,
        deadline: performance.now() + timeoutMs,
        timeoutMs,
      };
      this.reads.set(ctx, w);
    });
    this.schedule();
    return p;
  }

  private schedule(): void {
    if (this.scheduled || this.running || this.stopped) return;
    this.scheduled = true;
    // setImmediate lets every message and proposal that arrived in this turn join one Ready.
    setImmediate(() => {
      this.scheduled = false;
      if (!this.running && !this.stopped) this.idle = this.loop();
    });
  }

  private async loop(): Promise<void> {
    this.running = true;
    try {
      while (!this.stopped && this.raw.hasReady()) {
        const rd = this.raw.ready();
        this.applyingSnapshot = rd.snapshot !== undefined;
        await this.handleReady(rd);
        this.applyingSnapshot = false;
        if (this.stopped) return;
        this.raw.advance(rd);
        await this.maybeSnapshot();
      }
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      this.opts.logger?.error({ err: e }, 'raft ready loop failed; stopping the raft node');
      void this.stop();
      this.opts.onFatal?.(e);
    } finally {
      this.running = false;
    }
    if (!this.stopped && this.raw.hasReady()) this.schedule();
  }

  private async handleReady(rd: Ready): Promise<void> {
    if (rd.softState) {
      this.soft = rd.softState;
      this.opts.onSoftState?.(rd.softState);
    }
    const early: Message[] = [];
    const late: Message[] = [];
    for (const m of rd.messages) (EARLY_TYPES.has(m.type) ? early : late).push(m);
    if (early.length > 0) this.transport.send(early);
    // Committed entries are durable on a quorum already; applying them need not wait for this
    // Ready's own write (the commit index is volatile state). This takes the leader's commit-only
    // write off every proposal's critical path. Exceptions: a received snapshot is restored first,
    // and a membership change waits until the commit covering it is durable (see raft/ready.ts).
    let applied = 0;
    if (!rd.snapshot) {
      while (
        applied < rd.committedEntries.length &&
        rd.committedEntries[applied]!.type !== EntryType.ConfChange
      ) {
        this.applyEntry(rd.committedEntries[applied]!);
        applied++;
      }
    }
    if (rd.snapshot) await this.persistence.saveSnapshot(rd.snapshot);
    if (rd.hardState || rd.entries.length > 0 || rd.mustSync) {
      await this.persistence.save(rd.hardState, rd.entries, rd.mustSync);
    }
    if (rd.snapshot) this.storage.applySnapshot(rd.snapshot);
    if (rd.hardState) this.storage.setHardState(rd.hardState);
    this.storage.append(rd.entries);
    if (late.length > 0) this.transport.send(late);
    if (rd.snapshot) {
      this.sm.restore(rd.snapshot.data);
      this.appliedConfState = rd.snapshot.meta.confState;
      this.applied = rd.snapshot.meta.index;
      this.snapshotIndex = rd.snapshot.meta.index;
    }
    for (let i = applied; i < rd.committedEntries.length; i++) this.applyEntry(rd.committedEntries[i]!);
    for (const rs of rd.readStates) {
      const w = this.reads.get(rs.ctx);
      if (w) w.index = rs.index;
    }
    this.releaseReads();
  }

  private applyEntry(e: Entry): void {
    let result: R | undefined;
    if (e.type === EntryType.ConfChange) {
      const cc = decodeConfChange(e.data);
      const cs = this.raw.applyConfChange(cc);
      this.appliedConfState = cs;
      this.opts.onConfChange?.(cc, cs);
    } else if (e.data.length > 0) {
      result = this.sm.apply(e);
    }
    this.applied = e.index;
    const w = this.proposals.get(e.index);
    if (!w) return;
    this.proposals.delete(e.index);
    if (w.term === e.term) w.resolve(result as R);
    else w.reject(new ProposalLostError(e.index, w.term));
  }

  /** Fails requests past their deadline: outcome unknown (the entry may still commit later). */
  private expireRequests(): void {
    const now = performance.now();
    for (const [index, w] of this.proposals) {
      if (w.deadline > now) continue;
      this.proposals.delete(index);
      w.reject(new RaftTimeoutError(`proposal at index ${index}`, w.timeoutMs));
    }
    for (const [ctx, w] of this.reads) {
      if (w.deadline > now) continue;
      this.reads.delete(ctx);
      w.reject(new RaftTimeoutError('linearizable read', w.timeoutMs));
    }
  }

  private releaseReads(): void {
    for (const [ctx, w] of this.reads) {
      if (w.index !== undefined && w.index <= this.applied) {
        this.reads.delete(ctx);
        w.resolve();
      }
    }
  }

  private async maybeSnapshot(): Promise<void> {
    const every = this.opts.snapshotEvery ?? 10_000;
    if (this.applied - this.snapshotIndex < every) return;
    const index = this.applied;
    // Entries applied through takeCommitted may not be in this member's durable log yet; the
    // snapshot must sit on an entry it holds. Try again after the next write.
    if (index > this.storage.lastIndex()) return;
    const snap = this.storage.createSnapshot(index, this.appliedConfState, this.sm.snapshot());
    await this.persistence.saveSnapshot(snap);
    this.snapshotIndex = index;
    const keep = this.opts.snapshotCatchUpEntries ?? 5_000;
    const compactTo = index - keep;
    if (compactTo > this.storage.firstIndex()) {
      this.storage.compact(compactTo);
      await this.persistence.releaseTo(compactTo);
    }
  }

  /** Stops ticking and processing; pending requests fail with RaftStoppedError. Storage is closed. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.ticker) clearInterval(this.ticker);
    const err = new RaftStoppedError();
    for (const w of this.proposals.values()) w.reject(err);
    this.proposals.clear();
    for (const w of this.reads.values()) w.reject(err);
    this.reads.clear();
    await this.idle.catch(() => undefined);
    await this.persistence.close();
  }
}
