// One simulated cluster member: a RawNode driven exactly as a real driver must drive it (Ready →
// write → fsync → send → apply → advance), with a disk that loses unsynced writes on crash.
import { decodeConfChange } from '../../raft/confchange.ts';
import { NotLeaderError, ProposalDroppedError } from '../../raft/errors.ts';
import type { MemoryStorage } from '../../raft/memory-storage.ts';
import type { SeededRandom } from '../../raft/random.ts';
import { RawNode } from '../../raft/rawnode.ts';
import type { Ready } from '../../raft/ready.ts';
import type { Status } from '../../raft/status.ts';
import {
  type ConfChange,
  type ConfState,
  type Entry,
  EntryType,
  type HardState,
  type Message,
  MessageType,
  type NodeId,
  type Snapshot,
} from '../../raft/types.ts';
import type { KvOutput } from './history.ts';
import { decodeCommand, encodeCommand, type KvCommand } from './kv-command.ts';
import { KvStateMachine } from './kv-state-machine.ts';
import { type DiskListener, NodeDisk } from './node-disk.ts';
import type { SafetyChecker } from './safety-checker.ts';
import type { Scheduler } from './scheduler.ts';
import { PropertyViolation } from './sim-errors.ts';
import { fmtCc, fmtHs, fmtInput, fmtReady } from './trace-format.ts';
import type { Reply } from './client-reply.ts';
import type { NodeTuning } from './node-tuning.ts';

/** What the cluster needs to hear from a member. */
export interface NodeHost {
  readonly sched: Scheduler;
  readonly rng: SeededRandom;
  readonly checker: SafetyChecker;
  send(m: Message): void;
  onConfChangeApplied(applied: AppliedConfChange): void;
  onCommandApplied(index: number, cmd: KvCommand): void;
  /** Coverage counters: how often each interesting situation happened. */
  count(what: string): void;
  trace: ((line: string) => void) | undefined;
}

interface PendingProposal {
  readonly opId: number;
  readonly term: number;
  readonly reply: Reply;
}

interface ReadWaiter {
  readonly index: number;
  readonly key: string;
  readonly reply: Reply;
}

export type NodeState = 'up' | 'down' | 'removed';

export interface AppliedConfChange {
  readonly node: NodeId;
  readonly cc: ConfChange;
  readonly index: number;
  /** The leader as the applying node knew it just before applying. */
  readonly leaderBefore: NodeId;
  readonly confState: ConfState;
}

export class SimNode {
  state: NodeState = 'down';
  readonly disk: NodeDisk;
  private raw: RawNode | undefined;
  private storage: MemoryStorage | undefined;
  private readonly sm = new KvStateMachine();
  private applied = 0;
  private confState: ConfState = { voters: [], learners: [] };
  /** The Ready being persisted; no other Ready is taken until it is advanced. */
  private inflight: Ready | undefined;
  /** The in-flight Ready's committed entries were all applied before its fsync. */
  private inflightApplied = false;
  /** Bumped on every crash so that events scheduled by an earlier life do nothing. */
  private epoch = 0;
  private pendingProposals = new Map<number, PendingProposal>();
  private pendingReads = new Map<string, { key: string; reply: Reply }>();
  private readWaiters: ReadWaiter[] = [];
  private readonly listener: DiskListener;
  /** A paused process (GC, VM freeze) does nothing until then; its inputs wait. */
  private pausedUntil = 0;
  private readonly tickEvery: number;

  constructor(
    readonly id: NodeId,
    private readonly host: NodeHost,
    private readonly tuning: NodeTuning,
    /** The bootstrap storage of a founding member; absent for a member added later. */
    bootstrap: MemoryStorage | undefined,
  ) {
    this.disk = new NodeDisk();
    if (bootstrap !== undefined) {
      const entries = bootstrap.entries(
        bootstrap.firstIndex(),
        bootstrap.lastIndex() + 1,
        Number.MAX_SAFE_INTEGER,
      );
      this.disk.write({ hardState: bootstrap.initialState().hardState, entries, snapshot: undefined });
    }
    const checker = host.checker;
    this.listener = {
      onDurableHardState: (hs: HardState) => checker.onDurableHardState(id, hs),
      onDurableSnapshot: (snap: Snapshot) => checker.onDurableSnapshot(id, snap),
      onDurableEntries: (prevTerm, entries, replaced) =>
        checker.onDurableEntries(id, prevTerm, entries, replaced),
    };
    checker.addNode(id, this.disk);
    this.disk.sync(this.listener);
    const skew = tuning.tickSkew;
    this.tickEvery = Math.max(1, Math.round(tuning.tickInterval * (1 - skew + 2 * skew * host.rng.float())));
  }

  get paused(): boolean {
    return this.host.sched.now < this.pausedUntil;
  }

  /** Freezes the process for `duration`: no ticks, no message handling, no fsync completion. */
  pause(duration: number): void {
    if (this.state !== 'up') return;
    this.pausedUntil = Math.max(this.pausedUntil, this.host.sched.now + duration);
    this.trace(`PAUSE until ${this.pausedUntil}`);
  }

  /** Runs `f` now, or when the pause ends (inputs queue up in a frozen process). */
  private awake(what: string, f: () => void): boolean {
    if (!this.paused) return true;
    const epoch = this.epoch;
    this.host.sched.after(
      this.pausedUntil - this.host.sched.now + this.host.rng.intn(3),
      () => `${this.id} resumes: ${what}`,
      () => {
        if (epoch === this.epoch) f();
      },
    );
    return false;
  }

  get isUp(): boolean {
    return this.state === 'up' && this.raw !== undefined;
  }

  /** The commit index a restart would come back with. */
  get durableCommit(): number {
    return Math.max(this.disk.durableHardState.commit, this.disk.durableSnapshot.meta.index);
  }

  get appliedIndex(): number {
    return this.applied;
  }

  get busy(): boolean {
    return this.inflight !== undefined;
  }

  status(): Status | undefined {
    return this.raw?.status();
  }

  stateDigest(): string {
    return new TextDecoder().decode(this.sm.encode());
  }

  /** Boots (or reboots) from what is on disk. */
  start(): void {
    if (this.state === 'removed') return;
    const storage = this.disk.load();
    const snap = storage.snapshot();
    this.storage = storage;
    this.sm.restore(snap.data);
    this.applied = snap.meta.index;
    this.confState = snap.meta.confState;
    this.host.checker.onStateRestored(this.id, this.applied, false);
    const t = this.tuning;
    this.raw = this.guard(
      () =>
        new RawNode({
          id: this.id,
          storage,
          random: this.host.rng,
          applied: this.applied,
          electionTick: t.electionTick,
          heartbeatTick: t.heartbeatTick,
          snapshotChunkSize: t.snapshotChunkSize,
          maxSizePerMsg: t.maxSizePerMsg,
          maxInflightMsgs: t.maxInflightMsgs,
          maxCommittedSizePerReady: t.maxCommittedSizePerReady,
          maxUncommittedEntriesSize: t.maxUncommittedEntriesSize,
          learnerCatchUpEntries: t.learnerCatchUpEntries,
          preVote: t.preVote,
          checkQuorum: t.checkQuorum,
        }),
    );
    this.state = 'up';
    const st = this.raw.status();
    const hs = this.disk.durableHardState;
    if (st.term !== hs.term || st.vote !== hs.vote || st.commit < hs.commit) {
      throw new PropertyViolation(
        'core-contract',
        `${this.id} restarted with term=${st.term} vote=${st.vote || '-'} commit=${st.commit} but its durable state is ${fmtHs(hs)}`,
      );
    }
    this.trace(
      `start (snapshot ${snap.meta.index}/t${snap.meta.term}, durable ${fmtHs(this.disk.durableHardState)} last=${this.disk.lastIndex()})`,
    );
    const epoch = this.epoch;
    this.host.sched.after(
      1 + this.host.rng.intn(this.tickEvery),
      () => `tick-loop ${this.id}`,
      () => this.tickLoop(epoch),
    );
    this.pump();
  }

  /** Power loss: unsynced writes, the core and all volatile state are gone. */
  crash(): void {
    if (this.state !== 'up') return;
    this.epoch++;
    this.pausedUntil = 0;
    if (this.disk.hasUnsynced) this.host.count('crash lost unsynced writes');
    this.disk.crash(this.tuning.inject === 'fsync-lies');
    this.raw = undefined;
    this.storage = undefined;
    this.inflight = undefined;
    this.pendingProposals = new Map();
    this.pendingReads = new Map();
    this.readWaiters = [];
    this.state = 'down';
    this.host.checker.onCrash(this.id);
    this.trace('CRASH');
  }

  /** The operator stopped a member that left the group for good. */
  remove(): void {
    this.crash();
    this.state = 'removed';
  }

  step(m: Message): void {
    const raw = this.raw;
    if (raw === undefined || !this.awake('message', () => this.step(m))) return;
    this.guard(() => raw.step(m));
    this.pump();
    this.observe();
  }

  propose(cmd: KvCommand, reply: Reply): void {
    const raw = this.raw;
    if (raw === undefined || !this.awake('proposal', () => this.propose(cmd, reply))) return;
    try {
      const { index, term } = raw.propose(encodeCommand(cmd));
      const prev = this.pendingProposals.get(index);
      if (prev !== undefined) prev.reply({ kind: 'lost' });
      this.pendingProposals.set(index, { opId: cmd.opId, term, reply });
      this.trace(`propose op#${cmd.opId} ${fmtInput(cmd.input)} -> ${index}/t${term}`);
    } catch (err) {
      if (err instanceof NotLeaderError) reply({ kind: 'not-leader', leader: err.leader });
      else if (err instanceof ProposalDroppedError) {
        this.host.count('proposal dropped');
        reply({ kind: 'dropped', reason: err.reason });
      } else throw coreException(this.id, 'propose', err);
    }
    this.pump();
    this.observe();
  }

  /** A linearizable read through ReadIndex: answered once the read index is applied here. */
  readIndex(key: string, ctx: string, reply: Reply): void {
    const raw = this.raw;
    if (raw === undefined || !this.awake('read', () => this.readIndex(key, ctx, reply))) return;
    if (this.tuning.inject === 'stale-reads') {
      reply({ kind: 'ok', output: this.sm.get(key) });
      return;
    }
    try {
      const role = raw.status().role;
      raw.readIndex(ctx);
      this.pendingReads.set(ctx, { key, reply });
      this.host.count(`read-index at ${role}`);
    } catch (err) {
      if (err instanceof NotLeaderError) reply({ kind: 'not-leader', leader: err.leader });
      else throw coreException(this.id, 'readIndex', err);
    }
    this.pump();
    this.observe();
  }

  /** Proposes a membership change; returns the refusal reason, or undefined when proposed. */
  proposeConfChange(cc: ConfChange): string | undefined {
    const raw = this.raw;
    if (raw === undefined) return 'down';
    if (this.paused) return 'paused';
    let refused: string | undefined;
    try {
      const { index, term } = raw.proposeConfChange(cc);
      this.trace(`propose conf change ${fmtCc(cc)} -> ${index}/t${term}`);
    } catch (err) {
      if (
        err instanceof Error &&
        ['NotLeaderError', 'ConfChangeError', 'ProposalDroppedError'].includes(err.name)
      ) {
        refused = err.message;
      } else throw coreException(this.id, 'proposeConfChange', err);
    }
    this.pump();
    this.observe();
    return refused;
  }

  transferLeadership(target: NodeId): void {
    const raw = this.raw;
    if (raw === undefined) return;
    this.trace(`transfer leadership to ${target}`);
    this.guard(() => raw.transferLeadership(target));
    this.pump();
    this.observe();
  }

  campaign(): void {
    const raw = this.raw;
    if (raw === undefined) return;
    this.trace('campaign');
    this.guard(() => raw.campaign());
    this.pump();
    this.observe();
  }

  reportUnreachable(id: NodeId): void {
    const raw = this.raw;
    if (raw === undefined) return;
    this.guard(() => raw.reportUnreachable(id));
    this.pump();
    this.observe();
  }

  private tickLoop(epoch: number): void {
    if (epoch !== this.epoch || this.raw === undefined) return;
    if (this.paused) {
      // The timer fires once the process runs again.
      this.host.sched.after(
        this.pausedUntil - this.host.sched.now,
        () => `tick ${this.id}`,
        () => this.tickLoop(epoch),
      );
      return;
    }
    const raw = this.raw;
    this.guard(() => raw.tick());
    this.pump();
    this.observe();
    this.host.sched.after(
      this.tickEvery,
      () => `tick ${this.id}`,
      () => this.tickLoop(epoch),
    );
  }

  private observe(): void {
    const raw = this.raw;
    if (raw === undefined) return;
    const st = raw.status();
    this.host.checker.observe(this.id, st.term, st.role, st.commit, this.inflight === undefined);
  }

  /** Takes the next Ready if the previous one is done, and starts persisting it. */
  private pump(): void {
    const raw = this.raw;
    if (raw === undefined) return;
    if (this.inflight !== undefined) {
      this.maybeTakeCommitted(raw);
      return;
    }
    if (!raw.hasReady()) return;
    const rd = this.guard(() => raw.ready());
    this.inflight = rd;
    if (this.host.trace) this.trace(`ready ${fmtReady(rd)}`);
    for (const rs of rd.readStates) {
      const pr = this.pendingReads.get(rs.ctx);
      if (pr === undefined) continue;
      this.pendingReads.delete(rs.ctx);
      this.readWaiters.push({ index: rs.index, key: pr.key, reply: pr.reply });
    }
    this.disk.write({ hardState: rd.hardState, entries: rd.entries, snapshot: rd.snapshot });
    const needsSync = rd.mustSync || rd.snapshot !== undefined;
    if (!needsSync) {
      // A commit-only change: no fsync needed (the next fsync will carry it).
      this.finish(rd, rd.messages);
      return;
    }
    let held: Message[] = [...rd.messages];
    if (this.tuning.inject === 'early-send') {
      for (const m of held) this.send(m);
      held = [];
    } else if (this.host.rng.chance(this.tuning.earlySendRate)) {
      held = [];
      for (const m of rd.messages) {
        if (m.type === MessageType.App || m.type === MessageType.Snap || m.type === MessageType.Heartbeat) {
          this.send(m);
        } else held.push(m);
      }
    }
    const epoch = this.epoch;
    const t = this.tuning;
    const rng = this.host.rng;
    // ready.ts allows applying normal committed entries before the fsync (they are durable on a
    // quorum); membership changes, and anything after a snapshot, wait for it.
    let early = 0;
    if (rd.snapshot === undefined && t.earlyApplyRate > 0 && rng.chance(t.earlyApplyRate)) {
      for (const e of rd.committedEntries) {
        if (e.type !== EntryType.Normal) break;
        this.applyEntry(raw, e);
        early++;
      }
      if (early > 0) this.serveReads();
    }
    this.inflightApplied = early === rd.committedEntries.length;
    const delay =
      t.stallRate > 0 && rng.chance(t.stallRate)
        ? t.maxFsyncDelay + rng.intn(t.stallDelay)
        : t.minFsyncDelay + rng.intn(t.maxFsyncDelay - t.minFsyncDelay + 1);
    this.host.sched.after(
      delay,
      () => `fsync ${this.id}`,
      () => this.fsyncDone(epoch, rd, held, early),
    );
  }

  private fsyncDone(epoch: number, rd: Ready, held: readonly Message[], appliedEarly: number): void {
    if (epoch !== this.epoch || !this.awake('fsync', () => this.fsyncDone(epoch, rd, held, appliedEarly)))
      return;
    this.disk.sync(this.listener);
    this.finish(rd, held, appliedEarly);
    this.observe();
  }

  /**
   * While a write is in flight, a driver may apply entries committed since (RawNode.takeCommitted),
   * provided it already applied the in-flight Ready's own committed entries.
   */
  private maybeTakeCommitted(raw: RawNode): void {
    const t = this.tuning;
    if (!this.inflightApplied || t.takeCommittedRate === 0 || !this.host.rng.chance(t.takeCommittedRate))
      return;
    const ents = this.guard(() => raw.takeCommitted());
    if (ents.length === 0) return;
    this.host.count('entries applied through takeCommitted');
    for (const e of ents) {
      if (e.type !== EntryType.Normal) {
        throw new PropertyViolation(
          'core-contract',
          `${this.id}: takeCommitted handed out conf change ${e.index}`,
        );
      }
      this.applyEntry(raw, e);
    }
    this.serveReads();
  }

  /** The Ready is durable: keep storage in step, send, apply, advance. */
  private finish(rd: Ready, messages: readonly Message[], appliedEarly = 0): void {
    const raw = this.raw!;
    const storage = this.storage!;
    // Storage refuses what the core should never hand out (an older snapshot, a gap in the log).
    this.guard(() => {
      if (rd.snapshot !== undefined) storage.applySnapshot(rd.snapshot);
      if (rd.hardState !== undefined) storage.setHardState(rd.hardState);
      storage.append(rd.entries);
    });
    for (const m of messages) this.send(m);
    if (rd.snapshot !== undefined) this.applySnapshot(rd.snapshot);
    for (const e of rd.committedEntries.slice(appliedEarly)) this.applyEntry(raw, e);
    this.serveReads();
    this.guard(() => raw.advance(rd));
    this.inflight = undefined;
    this.maybeSnapshot();
    this.pump();
  }

  private send(m: Message): void {
    if (m.from !== this.id) {
      throw new PropertyViolation('core-contract', `${this.id} emitted a message from ${m.from}`);
    }
    this.host.checker.onSend(m);
    if (m.type === MessageType.Snap)
      this.host.count(m.offset > 0 ? 'snapshot chunk (resumed/continued)' : 'snapshot chunk (first)');
    else if (m.type === MessageType.TimeoutNow) this.host.count('timeout-now sent');
    this.host.send(m);
  }

  private applySnapshot(snap: Snapshot): void {
    const { index, term } = snap.meta;
    this.trace(`apply snapshot ${index}/t${term} (applied was ${this.applied})`);
    this.host.checker.onStateRestored(this.id, index, true);
    this.host.count('snapshot installed from leader');
    this.sm.restore(snap.data);
    this.applied = index;
    this.confState = snap.meta.confState;
    for (const [i, p] of this.pendingProposals) {
      if (i <= index) {
        this.pendingProposals.delete(i);
        p.reply({ kind: 'lost' });
      }
    }
  }

  private applyEntry(raw: RawNode, e: Entry): void {
    this.host.checker.onApply(this.id, e);
    this.applied = e.index;
    let cmd: KvCommand | undefined;
    let output: KvOutput | undefined;
    if (e.type === EntryType.ConfChange) {
      const cc = decodeConfChange(e.data);
      const leaderBefore = raw.status().leader;
      this.confState = this.guard(() => raw.applyConfChange(cc));
      this.trace(
        `apply ${e.index}/t${e.term} conf change ${fmtCc(cc)} -> voters=${this.confState.voters.join(',')} learners=${this.confState.learners.join(',')}`,
      );
      this.host.onConfChangeApplied({
        node: this.id,
        cc,
        index: e.index,
        leaderBefore,
        confState: this.confState,
      });
    } else {
      cmd = decodeCommand(e.data);
      if (cmd !== undefined) {
        output = this.sm.apply(cmd.input);
        this.host.onCommandApplied(e.index, cmd);
      }
    }
    const p = this.pendingProposals.get(e.index);
    if (p === undefined) return;
    this.pendingProposals.delete(e.index);
    if (cmd !== undefined && cmd.opId === p.opId && e.term === p.term) p.reply({ kind: 'ok', output });
    else p.reply({ kind: 'lost' });
  }

  private serveReads(): void {
    if (this.readWaiters.length === 0) return;
    const waiting: ReadWaiter[] = [];
    for (const w of this.readWaiters) {
      if (w.index <= this.applied) {
        this.host.count('read-index served');
        w.reply({ kind: 'ok', output: this.sm.get(w.key) });
      } else waiting.push(w);
    }
    this.readWaiters = waiting;
  }

  /** Compacts the log behind a snapshot of the state machine now and then. */
  private maybeSnapshot(): void {
    const storage = this.storage!;
    const snapIndex = storage.snapshot().meta.index;
    if (this.applied - snapIndex < this.tuning.snapshotEvery) return;
    // Entries applied through takeCommitted may be ahead of the local log and of every persisted
    // commit; a snapshot there would be unreadable (createSnapshot) or unbootable (a restart finds
    // commit < snapshot index). Wait until both caught up (see F7 in the findings).
    if (this.applied > storage.lastIndex()) return;
    this.disk.sync(this.listener);
    if (this.applied > this.disk.durableHardState.commit) return;
    const data = this.sm.encode();
    const snap = storage.createSnapshot(this.applied, this.confState, data);
    const compactIndex = Math.max(snapIndex, this.applied - this.tuning.snapshotKeep);
    storage.compact(compactIndex);
    this.disk.saveLocalSnapshot(snap, compactIndex, this.listener);
    this.host.checker.onLocalSnapshot(this.id, this.applied, data);
    this.trace(`local snapshot at ${this.applied}, compacted to ${compactIndex}`);
  }

  private guard<T>(f: () => T): T {
    try {
      return f();
    } catch (err) {
      if (err instanceof PropertyViolation) throw err;
      throw coreException(this.id, 'core call', err);
    }
  }

  private trace(line: string): void {
    this.host.trace?.(`${this.id}: ${line}`);
  }
}

function coreException(id: NodeId, what: string, err: unknown): PropertyViolation {
  const msg = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return new PropertyViolation('core-exception', `${id}: ${what} threw ${msg}`, { cause: err });
}
