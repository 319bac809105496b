// The application's handle on the Raft core: feed input (tick, step, propose, readIndex), then
// drain a Ready, persist/send/apply it, and advance. Single-threaded; no I/O of its own.
import type { Config } from './config.ts';
import { encodeConfChange } from './confchange.ts';
import { Raft } from './raft.ts';
import type { Ready } from './ready.ts';
import type { PeerProgress, Status } from './status.ts';
import {
  type ConfChange,
  type ConfState,
  type Entry,
  EntryType,
  entrySize,
  type HardState,
  hardStateEqual,
  type Message,
  type NodeId,
  Role,
  type SoftState,
} from './types.ts';

export class RawNode {
  private readonly raft: Raft;
  private prevSoft: SoftState;
  private prevHard: HardState;
  private outstanding: Ready | undefined;

  constructor(config: Config) {
    this.raft = new Raft(config);
    this.prevSoft = this.raft.softState();
    this.prevHard = this.raft.hardState();
  }

  get id(): NodeId {
    return this.raft.id;
  }

  tick(): void {
    this.raft.tick();
  }

  /** Starts an election now (skipping the timeout); with pre-vote enabled this is a pre-vote round. */
  campaign(): void {
    this.raft.campaign();
  }

  /** Appends a proposal on the leader. Followers refuse it with NotLeaderError naming the leader. */
  propose(data: Uint8Array): { index: number; term: number } {
    return this.raft.propose(data);
  }

  proposeConfChange(cc: ConfChange): { index: number; term: number } {
    return this.raft.proposeConfChange(cc, encodeConfChange(cc));
  }

  /** Applies a committed conf change (call it when the ConfChange entry is applied). */
  applyConfChange(cc: ConfChange): ConfState {
    return this.raft.applyConfChange(cc);
  }

  step(m: Message): void {
    this.raft.step(m);
  }

  transferLeadership(target: NodeId): void {
    this.raft.transferLeadership(target);
  }

  /**
   * Requests a linearizable read point. The answer arrives in a later Ready's readStates with the
   * same ctx; a request may be dropped (leader change), so callers time out and retry. The ctx must
   * be unique across restarts of this member (an old answer must never match a new request).
   */
  readIndex(ctx: string): void {
    this.raft.readIndex(ctx);
  }

  reportUnreachable(id: NodeId): void {
    this.raft.reportUnreachable(id);
  }

  hasReady(): boolean {
    if (this.outstanding) return false;
    const r = this.raft;
    r.flushBroadcast();
    if (r.msgs.length > 0 || r.readStates.length > 0) return true;
    if (r.raftLog.unstable.entries.length > 0 || r.raftLog.unstable.snapshot) return true;
    if (r.raftLog.hasNextCommittedEnts()) return true;
    if (!hardStateEqual(r.hardState(), this.prevHard)) return true;
    const soft = r.softState();
    return soft.leader !== this.prevSoft.leader || soft.role !== this.prevSoft.role;
  }

  ready(): Ready {
    if (this.outstanding) throw new Error('raft: ready() called again before advance()');
    const r = this.raft;
    r.flushBroadcast();
    const soft = r.softState();
    const hard = r.hardState();
    const softChanged = soft.leader !== this.prevSoft.leader || soft.role !== this.prevSoft.role;
    const hardChanged = !hardStateEqual(hard, this.prevHard);
    const termOrVoteChanged = hard.term !== this.prevHard.term || hard.vote !== this.prevHard.vote;
    // A leader whose new term is not durable yet must send nothing: a single voter wins without a
    // message, and if it crashed before the write it could lead that term again with another log
    // (review finding 1). Its messages wait for the next Ready.
    const holdMessages = termOrVoteChanged && r.role === Role.Leader;
    const entries = r.raftLog.unstableEntries();
    const committedEntries = r.raftLog.nextCommittedEnts();
    // A membership change is applied only once the commit covering it is durable: applied from a
    // volatile commit, a crash would silently revert it (sim seed 400036).
    const confCommitted = committedEntries.some((e) => e.type === EntryType.ConfChange);
    const mustSync = entries.length > 0 || termOrVoteChanged || confCommitted;
    const rd: Ready = {
      softState: softChanged ? soft : undefined,
      // Whenever a sync is due the hard state is included, so a driver that writes on hardState
      // also syncs a commit that an earlier (unsynced) Ready carried (review finding 4).
      hardState: hardChanged || mustSync ? hard : undefined,
      readStates: r.readStates,
      entries,
      snapshot: r.raftLog.unstable.snapshot,
      committedEntries,
      messages: holdMessages ? [] : r.msgs,
      mustSync,
    };
    if (!holdMessages) r.msgs = [];
    r.readStates = [];
    const lastCommitted = committedEntries[committedEntries.length - 1];
    if (lastCommitted) r.raftLog.applying = lastCommitted.index;
    if (softChanged) this.prevSoft = soft;
    this.outstanding = rd;
    return rd;
  }

  /** The Ready was persisted, sent and applied. */
  advance(rd: Ready): void {
    if (rd !== this.outstanding) throw new Error('raft: advance() with a Ready that is not outstanding');
    this.outstanding = undefined;
    const r = this.raft;
    if (rd.hardState) this.prevHard = rd.hardState;
    if (rd.snapshot) {
      r.raftLog.stableSnapTo(rd.snapshot.meta.index);
      if (r.raftLog.applied < rd.snapshot.meta.index) r.raftLog.applied = rd.snapshot.meta.index;
      r.applySnapshotConfState(rd.snapshot.meta.confState);
    }
    const last = rd.entries[rd.entries.length - 1];
    if (last) r.advanceStable(last.index, last.term);
    const lastApplied = rd.committedEntries[rd.committedEntries.length - 1];
    // takeCommitted() may already have applied past this Ready's entries.
    if (lastApplied && lastApplied.index > r.raftLog.applied) {
      let bytes = 0;
      for (const e of rd.committedEntries) bytes += entrySize(e);
      r.appliedTo(lastApplied.index, bytes);
    }
  }

  /**
   * Committed entries to apply right now, while a Ready's write is still in flight: they are durable
   * on a quorum, so waiting for this member's own fsync only adds latency. Returns nothing while a
   * snapshot is pending, stops before a membership change (which waits for a durable commit, through
   * the Ready path), and returns nothing while the outstanding Ready still holds one. Precondition:
   * the outstanding Ready's other committed entries were applied already. The caller applies the
   * returned entries at once, in order; they count as applied. Such entries may not be in this
   * member's storage yet: a snapshot of the state machine may only be taken at an index storage holds.
   */
  takeCommitted(): Entry[] {
    const r = this.raft;
    if (!r.raftLog.hasNextCommittedEnts()) return [];
    if (this.outstanding?.committedEntries.some((e) => e.type === EntryType.ConfChange)) return [];
    let ents = r.raftLog.nextCommittedEnts();
    const conf = ents.findIndex((e) => e.type === EntryType.ConfChange);
    if (conf >= 0) ents = ents.slice(0, conf);
    const last = ents[ents.length - 1];
    if (!last) return [];
    let bytes = 0;
    for (const e of ents) bytes += entrySize(e);
    r.appliedTo(last.index, bytes);
    return ents;
  }

  status(): Status {
    const r = this.raft;
    let progress: Map<NodeId, PeerProgress> | undefined;
    if (r.role === Role.Leader) {
      progress = new Map();
      for (const [id, pr] of r.prs.progress) {
        progress.set(id, {
          match: pr.match,
          next: pr.next,
          state: pr.state,
          recentActive: pr.recentActive,
          isLearner: pr.isLearner,
          inflight: pr.inflights.length(),
          pendingSnapshot: pr.pendingSnapshot,
        });
      }
    }
    return {
      id: r.id,
      term: r.term,
      vote: r.vote,
      commit: r.raftLog.committed,
      applied: r.raftLog.applied,
      leader: r.lead,
      role: r.role,
      lastIndex: r.raftLog.lastIndex(),
      firstIndex: r.raftLog.firstIndex(),
      confState: r.prs.confState(),
      leadTransferee: r.leadTransferee,
      progress,
    };
  }
}
