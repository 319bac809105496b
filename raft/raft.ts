// The Raft state machine of one member (Ongaro & Ousterhout, and the thesis' extensions: pre-vote,
// check-quorum, leadership transfer, ReadIndex, single-server membership changes). Deterministic:
// input only through step/tick/propose, output only through the fields RawNode turns into a Ready.
import { type ResolvedConfig, resolveConfig, type Config } from './config.ts';
import { decodeConfChange } from './confchange.ts';
import {
  CompactedError,
  ConfChangeError,
  NotLeaderError,
  ProposalDroppedError,
  SnapshotTemporarilyUnavailableError,
  UnavailableError,
} from './errors.ts';
import { RaftLog } from './log.ts';
import { type Progress, ProgressState } from './progress.ts';
import { VoteResult } from './quorum.ts';
import { ReadOnly, type ReadRequest } from './read-only.ts';
import { SnapshotReceiver } from './snapshot-receiver.ts';
import { ProgressTracker } from './tracker.ts';
import {
  type AppMessage,
  type AppRespMessage,
  type ConfChange,
  ConfChangeType,
  type ConfState,
  type Entry,
  EntryType,
  entrySize,
  type HardState,
  type HeartbeatMessage,
  type HeartbeatRespMessage,
  type Message,
  MessageType,
  NONE,
  type NodeId,
  type ReadState,
  Role,
  type Snapshot,
  type SnapMessage,
  type SnapRespMessage,
  type SoftState,
  type VoteMessage,
} from './types.ts';

enum CampaignType {
  PreElection = 'pre-election',
  Election = 'election',
  Transfer = 'transfer',
}

/** A message before the sender and term are stamped on it. */
type Outgoing = Message extends infer M
  ? M extends Message
    ? Omit<M, 'from' | 'term'> & { term?: number }
    : never
  : never;

const EMPTY = new Uint8Array(0);

export class Raft {
  readonly id: NodeId;
  readonly cfg: ResolvedConfig;
  term = 0;
  vote: NodeId = NONE;
  lead: NodeId = NONE;
  role: Role = Role.Follower;
  readonly raftLog: RaftLog;
  readonly prs: ProgressTracker;
  msgs: Message[] = [];
  readStates: ReadState[] = [];
  leadTransferee: NodeId = NONE;
  /** Index of the last conf change this leader proposed; no new one until it is applied. */
  pendingConfIndex = 0;

  private electionElapsed = 0;
  private transferElapsed = 0;
  private heartbeatElapsed = 0;
  private randomizedElectionTimeout = 0;
  private uncommittedSize = 0;
  private readonly readOnly = new ReadOnly();
  /** ReadIndex requests that arrived before this leader committed an entry of its term. */
  private pendingReads: { from: NodeId; ctx: string }[] = [];
  private readonly snapReceiver = new SnapshotReceiver();
  /**
   * Proposals and commit advances mark the followers as needing an append; the append goes out when
   * the driver next collects a Ready, so every proposal made in between shares one message.
   */
  private broadcastPending = false;
  /** This leader proposed its own removal: it takes no more proposals, so its log ends there. */
  private removingSelf = false;
  /** This leader applied its own removal and leads only until a remaining voter can take over. */
  private leaving = false;
  /** A TimeoutNow arrived while a conf change awaited application. */
  private campaignAfterApply = false;

  constructor(config: Config) {
    this.cfg = resolveConfig(config);
    this.id = this.cfg.id;
    this.raftLog = new RaftLog(this.cfg.storage, this.cfg.maxCommittedSizePerReady);
    this.prs = new ProgressTracker(this.cfg.maxInflightMsgs);
    const { hardState, confState } = this.cfg.storage.initialState();
    this.prs.applyConfState(confState, this.raftLog.lastIndex() + 1);
    if (hardState.term !== 0 || hardState.vote !== NONE || hardState.commit !== 0) {
      this.loadHardState(hardState);
    }
    if (this.cfg.applied > 0) this.raftLog.appliedTo(this.cfg.applied);
    this.becomeFollower(this.term, NONE);
  }

  private loadHardState(hs: HardState): void {
    if (hs.commit > this.raftLog.lastIndex()) {
      throw new Error(
        `raft: persisted commit ${hs.commit} is past the last index ${this.raftLog.lastIndex()}`,
      );
    }
    // A snapshot holds only committed state, so one taken past the last persisted commit (entries
    // applied through takeCommitted) still proves its index committed (sim finding F7).
    this.raftLog.committed = Math.max(hs.commit, this.raftLog.committed);
    this.term = hs.term;
    this.vote = hs.vote;
  }

  softState(): SoftState {
    return { leader: this.lead, role: this.role };
  }

  hardState(): HardState {
    return { term: this.term, vote: this.vote, commit: this.raftLog.committed };
  }

  private send(m: Outgoing): void {
    const full = { ...m, from: this.id, term: m.term ?? this.term } as Message;
    this.msgs.push(full);
  }

  // ---- roles --------------------------------------------------------------------------------

  private reset(term: number): void {
    if (this.term !== term) {
      this.term = term;
      this.vote = NONE;
    }
    this.lead = NONE;
    this.electionElapsed = 0;
    this.heartbeatElapsed = 0;
    this.randomizedElectionTimeout = this.cfg.electionTick + this.cfg.random.intn(this.cfg.electionTick);
    this.leadTransferee = NONE;
    this.prs.resetVotes();
    const last = this.raftLog.lastIndex();
    for (const [id, pr] of this.prs.progress) {
      const learner = pr.isLearner;
      pr.becomeProbe();
      pr.match = id === this.id ? this.raftLog.lastStableIndex() : 0;
      pr.next = last + 1;
      pr.recentActive = id === this.id;
      pr.isLearner = learner;
    }
    this.pendingConfIndex = 0;
    this.uncommittedSize = 0;
    this.campaignAfterApply = false;
    this.removingSelf = false;
    this.leaving = false;
    this.readOnly.reset();
    this.pendingReads = [];
  }

  becomeFollower(term: number, lead: NodeId): void {
    this.reset(term);
    this.lead = lead;
    this.role = Role.Follower;
  }

  private becomePreCandidate(): void {
    // Pre-vote changes neither term nor vote: a partitioned node cannot disrupt the cluster.
    this.prs.resetVotes();
    this.lead = NONE;
    this.role = Role.PreCandidate;
  }

  private becomeCandidate(): void {
    this.reset(this.term + 1);
    this.vote = this.id;
    this.role = Role.Candidate;
  }

  private becomeLeader(): void {
    this.reset(this.term);
    this.lead = this.id;
    this.role = Role.Leader;
    const self = this.prs.progress.get(this.id);
    if (self) {
      self.becomeReplicate();
      self.match = this.raftLog.lastStableIndex();
    }
    // No conf change until this term's first entry is applied (the fix for the single-server
    // membership change bug): pendingConfIndex points at that entry.
    this.pendingConfIndex = this.appendEntries([
      { term: this.term, index: 0, type: EntryType.Normal, data: EMPTY },
    ]);
    // Re-elected with its own removal still unapplied in the log: keep refusing proposals, or the
    // log could outgrow every survivor's (review finding 5).
    this.removingSelf = this.hasUnappliedSelfRemoval();
    this.cfg.logger.info({ id: this.id, term: this.term }, 'became raft leader');
  }

  /** A member that may become leader: a voter with no snapshot waiting to be persisted. */
  promotable(): boolean {
    return this.prs.isVoter(this.id) && this.raftLog.unstable.snapshot === undefined;
  }

  private hasUnappliedSelfRemoval(): boolean {
    const lo = Math.max(this.raftLog.applied + 1, this.raftLog.firstIndex());
    const hi = this.raftLog.lastIndex() + 1;
    if (lo >= hi) return false;
    for (const e of this.raftLog.slice(lo, hi, Number.MAX_SAFE_INTEGER)) {
      if (e.type !== EntryType.ConfChange) continue;
      const cc = decodeConfChange(e.data);
      if (cc.type === ConfChangeType.RemoveNode && cc.nodeId === this.id) return true;
    }
    return false;
  }

  private hasUnappliedConfChange(): boolean {
    const { applied, committed } = this.raftLog;
    if (committed <= applied) return false;
    const lo = Math.max(applied + 1, this.raftLog.firstIndex());
    for (const e of this.raftLog.slice(lo, committed + 1, Number.MAX_SAFE_INTEGER)) {
      if (e.type === EntryType.ConfChange) return true;
    }
    return false;
  }

  campaign(type: CampaignType = this.cfg.preVote ? CampaignType.PreElection : CampaignType.Election): void {
    if (this.role === Role.Leader || !this.promotable()) return;
    // Single-server changes take effect when applied: a node must not lead under a config it has
    // committed but not yet applied.
    if (this.hasUnappliedConfChange()) return;
    let voteType: MessageType.Vote | MessageType.PreVote;
    let term: number;
    if (type === CampaignType.PreElection) {
      this.becomePreCandidate();
      voteType = MessageType.PreVote;
      term = this.term + 1;
    } else {
      this.becomeCandidate();
      voteType = MessageType.Vote;
      term = this.term;
    }
    this.prs.recordVote(this.id, true);
    if (this.prs.tallyVotes() === VoteResult.Won) {
      if (type === CampaignType.PreElection) this.campaign(CampaignType.Election);
      else this.becomeLeader();
      return;
    }
    const index = this.raftLog.lastIndex();
    const logTerm = this.raftLog.lastTerm();
    for (const id of [...this.prs.voters].sort()) {
      if (id === this.id) continue;
      this.send({ type: voteType, to: id, term, index, logTerm, force: type === CampaignType.Transfer });
    }
  }

  // ---- time ---------------------------------------------------------------------------------

  tick(): void {
    if (this.role === Role.Leader) this.tickHeartbeat();
    else this.tickElection();
  }

  private tickElection(): void {
    this.electionElapsed++;
    if (this.promotable() && this.electionElapsed >= this.randomizedElectionTimeout) {
      this.electionElapsed = 0;
      this.campaign();
    }
  }

  private tickHeartbeat(): void {
    this.heartbeatElapsed++;
    this.electionElapsed++;
    if (this.electionElapsed >= this.cfg.electionTick) {
      this.electionElapsed = 0;
      if (this.cfg.checkQuorum) {
        if (!this.prs.quorumActive(this.id)) {
          this.cfg.logger.warn({ id: this.id, term: this.term }, 'raft leader lost quorum; stepping down');
          this.becomeFollower(this.term, NONE);
          return;
        }
        for (const [id, pr] of this.prs.progress) pr.recentActive = id === this.id;
      }
    }
    if (this.leadTransferee !== NONE && ++this.transferElapsed >= this.cfg.electionTick) {
      // A transfer that did not finish within an election timeout is abandoned (thesis 3.10). Its
      // own clock: transfer requests must not postpone the check-quorum of the election clock.
      this.leadTransferee = NONE;
    }
    if (this.heartbeatElapsed >= this.cfg.heartbeatTick) {
      this.heartbeatElapsed = 0;
      this.bcastHeartbeat(this.readOnly.lastPendingKey());
    }
  }

  // ---- proposals ----------------------------------------------------------------------------

  propose(data: Uint8Array, type: EntryType = EntryType.Normal): { index: number; term: number } {
    if (this.role !== Role.Leader) throw new NotLeaderError(this.id, this.lead, this.term);
    if (!this.prs.isVoter(this.id) || this.removingSelf) {
      throw new ProposalDroppedError('this leader is being removed from the group');
    }
    if (this.leadTransferee !== NONE) {
      throw new ProposalDroppedError(`leadership is being transferred to ${this.leadTransferee}`);
    }
    const e: Entry = { term: this.term, index: 0, type, data };
    const size = entrySize(e);
    if (this.cfg.maxUncommittedEntriesSize > 0 && this.uncommittedSize > 0) {
      if (this.uncommittedSize + size > this.cfg.maxUncommittedEntriesSize) {
        throw new ProposalDroppedError('too many uncommitted entries; retry later');
      }
    }
    this.uncommittedSize += size;
    const index = this.appendEntries([e]);
    this.broadcastPending = true;
    return { index, term: this.term };
  }

  proposeConfChange(cc: ConfChange, data: Uint8Array): { index: number; term: number } {
    if (this.role !== Role.Leader) throw new NotLeaderError(this.id, this.lead, this.term);
    if (this.pendingConfIndex > this.raftLog.applied) {
      throw new ConfChangeError(
        `another membership change (index ${this.pendingConfIndex}) is not applied yet (applied ${this.raftLog.applied})`,
      );
    }
    this.validateConfChange(cc);
    const r = this.propose(data, EntryType.ConfChange);
    this.pendingConfIndex = r.index;
    // A leader whose log grew past its own removal could be left more up to date than every
    // survivor, none of which could then win its vote (sim seeds 402424, 400024).
    if (cc.type === ConfChangeType.RemoveNode && cc.nodeId === this.id) this.removingSelf = true;
    return r;
  }

  private validateConfChange(cc: ConfChange): void {
    if (cc.nodeId === NONE) throw new ConfChangeError('node id is empty');
    const isVoter = this.prs.isVoter(cc.nodeId);
    const isLearner = this.prs.learners.has(cc.nodeId);
    switch (cc.type) {
      case ConfChangeType.AddVoter: {
        if (isVoter) throw new ConfChangeError(`${cc.nodeId} is already a voter`);
        if (isLearner) {
          const pr = this.prs.progress.get(cc.nodeId)!;
          const behind = this.raftLog.lastIndex() - pr.match;
          if (behind > this.cfg.learnerCatchUpEntries) {
            throw new ConfChangeError(
              `learner ${cc.nodeId} is ${behind} entries behind (promotion needs ≤ ${this.cfg.learnerCatchUpEntries})`,
            );
          }
        }
        return;
      }
      case ConfChangeType.AddLearner:
        if (isVoter)
          throw new ConfChangeError(`${cc.nodeId} is a voter; remove it before adding it as a learner`);
        if (isLearner) throw new ConfChangeError(`${cc.nodeId} is already a learner`);
        return;
      case ConfChangeType.RemoveNode:
        if (!isVoter && !isLearner) throw new ConfChangeError(`${cc.nodeId} is not a member`);
        if (isVoter && this.prs.voters.size === 1) throw new ConfChangeError('cannot remove the last voter');
        return;
    }
  }

  /** Appends to the leader's log; returns the index of the last entry. */
  private appendEntries(es: Entry[]): number {
    let li = this.raftLog.lastIndex();
    const stamped = es.map((e) => ({ term: this.term, index: ++li, type: e.type, data: e.data }));
    this.raftLog.append(stamped);
    // The leader's own acknowledgement is counted only once the entries are durable (advanceStable):
    // counting it earlier could commit an entry that a crash then erases from a majority.
    return li;
  }

  transferLeadership(target: NodeId): void {
    this.step({ type: MessageType.TransferLeader, from: this.id, to: this.id, term: 0, target });
  }

  readIndex(ctx: string): void {
    if (this.role === Role.Leader) {
      this.handleReadIndex(this.id, ctx);
    } else if (this.lead !== NONE) {
      this.send({ type: MessageType.ReadIndex, to: this.lead, term: 0, ctx });
    } else {
      throw new NotLeaderError(this.id, this.lead, this.term);
    }
  }

  // ---- replication (leader) -----------------------------------------------------------------

  private sendAppend(to: NodeId, sendIfEmpty = true): boolean {
    const pr = this.prs.progress.get(to);
    if (!pr || pr.isPaused()) return false;
    const prevIndex = pr.next - 1;
    let logTerm: number;
    let entries: Entry[];
    try {
      logTerm = this.raftLog.term(prevIndex);
      entries = this.raftLog.entries(pr.next, this.cfg.maxSizePerMsg);
    } catch (err) {
      if (err instanceof CompactedError || err instanceof UnavailableError) return this.sendSnapshot(to, pr);
      throw err;
    }
    if (entries.length === 0 && !sendIfEmpty) return false;
    this.send({
      type: MessageType.App,
      to,
      index: prevIndex,
      logTerm,
      entries,
      commit: this.raftLog.committed,
    });
    pr.sentEntries(entries.length);
    return true;
  }

  private sendSnapshot(to: NodeId, pr: Progress): boolean {
    if (!pr.recentActive) return false;
    let snap: Snapshot;
    try {
      snap = this.raftLog.snapshot();
    } catch (err) {
      if (err instanceof SnapshotTemporarilyUnavailableError) return false;
      throw err;
    }
    if (snap.meta.index === 0) throw new Error('raft invariant: need a snapshot but storage has none');
    pr.becomeSnapshot(snap);
    this.sendSnapshotChunk(to, pr);
    return true;
  }

  private sendSnapshotChunk(to: NodeId, pr: Progress): void {
    const snap = pr.snapshot;
    if (!snap) return;
    const offset = pr.snapshotAcked;
    const total = snap.data.length;
    const end = Math.min(total, offset + this.cfg.snapshotChunkSize);
    this.send({
      type: MessageType.Snap,
      to,
      meta: snap.meta,
      totalSize: total,
      offset,
      data: snap.data.subarray(offset, end),
      done: end >= total,
    });
  }

  private bcastAppend(): void {
    for (const id of this.prs.progress.keys()) if (id !== this.id) this.sendAppend(id);
  }

  private bcastHeartbeat(ctx: string): void {
    for (const [id, pr] of this.prs.progress) {
      if (id === this.id) continue;
      this.send({
        type: MessageType.Heartbeat,
        to: id,
        // Never tell a follower to commit past what it is known to hold.
        commit: Math.min(pr.match, this.raftLog.committed),
        ctx,
      });
    }
  }

  private maybeCommitAndBroadcast(): boolean {
    if (!this.raftLog.maybeCommit(this.prs.committed(), this.term)) return false;
    this.releasePendingReads();
    if (this.prs.progress.size > 1) this.broadcastPending = true;
    return true;
  }

  /** Sends the appends deferred by proposals and commit advances (called before building a Ready). */
  flushBroadcast(): void {
    if (!this.broadcastPending) return;
    this.broadcastPending = false;
    if (this.role === Role.Leader) this.bcastAppend();
  }

  /** The driver has made entries up to `index` (of term `term`) durable. */
  advanceStable(index: number, term: number): void {
    if (!this.raftLog.stableTo(index, term)) return;
    if (this.role !== Role.Leader) return;
    const self = this.prs.progress.get(this.id);
    if (self?.maybeUpdate(this.raftLog.lastStableIndex())) this.maybeCommitAndBroadcast();
  }

  private committedInCurrentTerm(): boolean {
    return this.raftLog.termOrUndefined(this.raftLog.committed) === this.term;
  }

  // ---- reads --------------------------------------------------------------------------------

  private handleReadIndex(from: NodeId, ctx: string): void {
    // Thesis 6.4 step 1: the commit index is only known to be current once this term committed —
    // even for a single voter, whose commit may lag after a restart (sim seed 503872).
    if (!this.committedInCurrentTerm()) {
      this.pendingReads.push({ from, ctx });
      return;
    }
    if (this.prs.voters.size === 1 && this.prs.isVoter(this.id)) {
      this.respondRead({ key: '', ctx, from, index: this.raftLog.committed, acks: new Set() });
      return;
    }
    const req = this.readOnly.add(this.raftLog.committed, from, ctx);
    if (!req) return;
    this.readOnly.recvAck(this.id, req.key);
    this.bcastHeartbeat(req.key);
  }

  private releasePendingReads(): void {
    if (this.pendingReads.length === 0 || !this.committedInCurrentTerm()) return;
    const reads = this.pendingReads;
    this.pendingReads = [];
    for (const r of reads) this.handleReadIndex(r.from, r.ctx);
  }

  private respondRead(req: ReadRequest): void {
    if (req.from === this.id) {
      this.readStates.push({ index: req.index, ctx: req.ctx });
    } else {
      this.send({
        type: MessageType.ReadIndexResp,
        to: req.from,
        ctx: req.ctx,
        index: req.index,
        reject: false,
      });
    }
  }

  // ---- input --------------------------------------------------------------------------------

  step(m: Message): void {
    if (m.term === 0) {
      // Local or forwarded requests without a term.
    } else if (m.term > this.term) {
      if (m.type === MessageType.Vote || m.type === MessageType.PreVote) {
        const inLease =
          this.cfg.checkQuorum && this.lead !== NONE && this.electionElapsed < this.cfg.electionTick;
        // Leader stickiness (thesis 4.2.3): ignore elections while a leader is known to be alive.
        if (!m.force && inLease) return;
      }
      if (m.type === MessageType.PreVote) {
        // Pre-vote never changes our term.
      } else if (m.type === MessageType.PreVoteResp && !m.reject) {
        // A granted pre-vote is answered with the future term; it is not a newer leader.
      } else if (
        m.type === MessageType.App ||
        m.type === MessageType.Heartbeat ||
        m.type === MessageType.Snap
      ) {
        this.becomeFollower(m.term, m.from);
      } else {
        this.becomeFollower(m.term, NONE);
      }
    } else if (m.term < this.term) {
      if (
        (this.cfg.checkQuorum || this.cfg.preVote) &&
        (m.type === MessageType.Heartbeat || m.type === MessageType.App)
      ) {
        // A stale leader (e.g. back from a partition): our higher term makes it step down.
        this.ackAppend(m.from, 0);
      } else if (m.type === MessageType.PreVote || m.type === MessageType.Vote) {
        // Figure 2: answer with our term so a stale candidate catches up instead of racing terms.
        const type = m.type === MessageType.Vote ? MessageType.VoteResp : MessageType.PreVoteResp;
        this.send({ type, to: m.from, reject: true });
      }
      return;
    }

    if (m.type === MessageType.Vote || m.type === MessageType.PreVote) {
      this.handleVote(m);
      return;
    }
    switch (this.role) {
      case Role.Leader:
        this.stepLeader(m);
        return;
      case Role.Candidate:
      case Role.PreCandidate:
        this.stepCandidate(m);
        return;
      case Role.Follower:
        this.stepFollower(m);
        return;
    }
  }

  private handleVote(m: VoteMessage): void {
    const canVote =
      this.vote === m.from ||
      (this.vote === NONE && this.lead === NONE) ||
      (m.type === MessageType.PreVote && m.term > this.term);
    const respType = m.type === MessageType.Vote ? MessageType.VoteResp : MessageType.PreVoteResp;
    if (canVote && this.raftLog.isUpToDate(m.index, m.logTerm)) {
      this.send({ type: respType, to: m.from, term: m.term, reject: false });
      if (m.type === MessageType.Vote) {
        this.electionElapsed = 0;
        this.vote = m.from;
      }
    } else {
      this.send({ type: respType, to: m.from, term: this.term, reject: true });
    }
  }

  private stepLeader(m: Message): void {
    switch (m.type) {
      case MessageType.AppResp:
        this.handleAppendResponse(m);
        return;
      case MessageType.HeartbeatResp:
        this.handleHeartbeatResponse(m);
        return;
      case MessageType.SnapResp:
        this.handleSnapResponse(m);
        return;
      case MessageType.TransferLeader:
        this.handleTransferLeader(m.target);
        return;
      case MessageType.ReadIndex:
        this.handleReadIndex(m.from, m.ctx);
        return;
      default:
        return;
    }
  }

  private handleAppendResponse(m: AppRespMessage): void {
    const pr = this.prs.progress.get(m.from);
    if (!pr) return;
    pr.recentActive = true;
    if (m.reject) {
      let hint = m.rejectHint;
      if (m.logTerm > 0) hint = this.raftLog.findConflictByTerm(m.rejectHint, m.logTerm)[0];
      if (pr.maybeDecrTo(m.index, hint)) {
        if (pr.state === ProgressState.Replicate) pr.becomeProbe();
        this.sendAppend(m.from);
      }
      return;
    }
    const wasPaused = pr.isPaused();
    if (!pr.maybeUpdate(m.index)) return;
    if (pr.state === ProgressState.Probe) {
      pr.becomeReplicate();
    } else if (pr.state === ProgressState.Snapshot && pr.match >= pr.pendingSnapshot) {
      // The snapshot is installed. If the log it led up to has since been compacted too, probing
      // finds that out and sends the current snapshot instead of repeating the old one.
      pr.becomeProbe();
      if (pr.match + 1 >= this.raftLog.firstIndex()) pr.becomeReplicate();
    } else if (pr.state === ProgressState.Replicate) {
      pr.inflights.freeLE(m.index);
    }
    if (!this.maybeCommitAndBroadcast() && wasPaused) this.sendAppend(m.from);
    // Keep the pipeline full: send as long as there are entries and window.
    while (this.sendAppend(m.from, false)) {}
    if (m.from === this.leadTransferee && pr.match === this.raftLog.lastIndex()) this.sendTimeoutNow(m.from);
    this.handOffIfLeaving();
  }

  private handleHeartbeatResponse(m: HeartbeatRespMessage): void {
    const pr = this.prs.progress.get(m.from);
    if (!pr) return;
    pr.recentActive = true;
    pr.probeSent = false;
    // A full window with the follower alive means appends were lost: free a slot so the next append
    // goes out, and the follower's rejection (if its log is behind) puts it back to probing.
    if (pr.state === ProgressState.Replicate && pr.inflights.full()) pr.inflights.freeFirstOne();
    if (pr.state === ProgressState.Snapshot) {
      // Resume an interrupted snapshot transfer from the last acknowledged byte — with a backoff,
      // so a slow chunk is not duplicated on every heartbeat (capped, so lost chunks still resume).
      if (pr.snapshotResendDue(this.cfg.electionTick)) this.sendSnapshotChunk(m.from, pr);
    } else if (pr.match < this.raftLog.lastIndex()) {
      this.sendAppend(m.from);
    } else if (m.from === this.leadTransferee) {
      this.sendTimeoutNow(m.from); // the first one may have been lost
    }
    if (m.ctx === '') return;
    const acks = this.readOnly.recvAck(m.from, m.ctx);
    if (!acks) return;
    let granted = 0;
    for (const id of acks) if (this.prs.isVoter(id)) granted++;
    if (granted < Math.floor(this.prs.voters.size / 2) + 1) return;
    for (const req of this.readOnly.advance(m.ctx)) this.respondRead(req);
  }

  private handleSnapResponse(m: SnapRespMessage): void {
    const pr = this.prs.progress.get(m.from);
    if (!pr) return;
    pr.recentActive = true;
    const snap = pr.snapshot;
    if (pr.state !== ProgressState.Snapshot || !snap) return;
    if (snap.meta.index !== m.snapIndex || snap.meta.term !== m.snapTerm) return;
    if (m.reject) {
      pr.becomeProbe();
      return;
    }
    if (m.received === pr.snapshotAcked && m.received !== 0) return; // duplicate acknowledgement
    pr.snapshotAcked = Math.min(m.received, snap.data.length);
    pr.snapshotProgressed();
    this.sendSnapshotChunk(m.from, pr);
  }

  private handleTransferLeader(target: NodeId): void {
    if (target === this.id || !this.prs.isVoter(target)) return;
    if (this.leadTransferee === target) return;
    this.leadTransferee = target;
    this.transferElapsed = 0;
    const pr = this.prs.progress.get(target)!;
    if (pr.match === this.raftLog.lastIndex()) this.sendTimeoutNow(target);
    else this.sendAppend(target);
  }

  private sendTimeoutNow(to: NodeId): void {
    this.send({ type: MessageType.TimeoutNow, to, commit: this.raftLog.committed });
  }

  private stepCandidate(m: Message): void {
    const myResp = this.role === Role.PreCandidate ? MessageType.PreVoteResp : MessageType.VoteResp;
    switch (m.type) {
      case MessageType.App:
        this.becomeFollower(m.term, m.from);
        this.handleAppend(m);
        return;
      case MessageType.Heartbeat:
        this.becomeFollower(m.term, m.from);
        this.handleHeartbeat(m);
        return;
      case MessageType.Snap:
        this.becomeFollower(m.term, m.from);
        this.handleSnapshot(m);
        return;
      case MessageType.VoteResp:
      case MessageType.PreVoteResp: {
        if (m.type !== myResp) return;
        this.prs.recordVote(m.from, !m.reject);
        const result = this.prs.tallyVotes();
        if (result === VoteResult.Won) {
          if (this.role === Role.PreCandidate) this.campaign(CampaignType.Election);
          else {
            this.becomeLeader();
            this.bcastAppend();
          }
        } else if (result === VoteResult.Lost) {
          this.becomeFollower(this.term, NONE);
        }
        return;
      }
      default:
        return;
    }
  }

  private stepFollower(m: Message): void {
    switch (m.type) {
      case MessageType.App:
        this.electionElapsed = 0;
        this.lead = m.from;
        this.handleAppend(m);
        return;
      case MessageType.Heartbeat:
        this.electionElapsed = 0;
        this.lead = m.from;
        this.handleHeartbeat(m);
        return;
      case MessageType.Snap:
        this.electionElapsed = 0;
        this.lead = m.from;
        this.handleSnapshot(m);
        return;
      case MessageType.TransferLeader:
        if (this.lead !== NONE && m.from === this.id) {
          this.send({ type: MessageType.TransferLeader, to: this.lead, term: 0, target: m.target });
        }
        return;
      case MessageType.TimeoutNow:
        // Thesis 3.10: the leader chose us; campaign at once, skipping pre-vote. If a committed
        // membership change is not applied yet (typically: the removal of that leader), campaign as
        // soon as it is, rather than fall back to an election timeout.
        if (!this.promotable()) return;
        this.raftLog.commitTo(Math.min(m.commit, this.raftLog.lastIndex()));
        if (this.hasUnappliedConfChange()) this.campaignAfterApply = true;
        else this.campaign(CampaignType.Transfer);
        return;
      case MessageType.ReadIndexResp:
        if (!m.reject) this.readStates.push({ index: m.index, ctx: m.ctx });
        return;
      default:
        return;
    }
  }

  private handleAppend(m: AppMessage): void {
    if (m.index < this.raftLog.committed) {
      this.ackAppend(m.from, this.raftLog.committed);
      return;
    }
    const lastNew = this.raftLog.maybeAppend(m.index, m.logTerm, m.commit, m.entries);
    if (lastNew !== undefined) {
      this.ackAppend(m.from, lastNew);
      return;
    }
    const hintIndex = Math.min(m.index, this.raftLog.lastIndex());
    const [rejectHint, logTerm] = this.raftLog.findConflictByTerm(hintIndex, m.logTerm);
    this.send({ type: MessageType.AppResp, to: m.from, index: m.index, reject: true, rejectHint, logTerm });
  }

  /** A successful AppendEntries response: our log matches the leader's up to `index`. */
  private ackAppend(to: NodeId, index: number): void {
    this.send({ type: MessageType.AppResp, to, index, reject: false, rejectHint: 0, logTerm: 0 });
  }

  private handleHeartbeat(m: HeartbeatMessage): void {
    this.raftLog.commitTo(Math.min(m.commit, this.raftLog.lastIndex()));
    this.send({ type: MessageType.HeartbeatResp, to: m.from, ctx: m.ctx });
  }

  private handleSnapshot(m: SnapMessage): void {
    if (m.meta.index <= this.raftLog.committed) {
      // We already have everything this snapshot holds (typically a stale duplicate chunk).
      this.ackAppend(m.from, this.raftLog.committed);
      return;
    }
    const r = this.snapReceiver.accept(m);
    if (r.kind === 'partial') {
      this.send({
        type: MessageType.SnapResp,
        to: m.from,
        snapIndex: m.meta.index,
        snapTerm: m.meta.term,
        received: r.received,
        reject: false,
      });
      return;
    }
    const index = this.restore(r.snapshot) ? this.raftLog.lastIndex() : this.raftLog.committed;
    this.ackAppend(m.from, index);
  }

  /** Installs a snapshot from the leader (section 7). Returns false if it was not needed. */
  private restore(s: Snapshot): boolean {
    if (s.meta.index <= this.raftLog.committed) return false;
    if (this.role !== Role.Follower) return false;
    // The snapshot may predate this node's own addition; the entries after it add us.
    if (this.raftLog.matchTerm(s.meta.index, s.meta.term)) {
      // Our log already has the snapshot's last entry: just commit up to it.
      this.raftLog.commitTo(s.meta.index);
      return false;
    }
    // Its membership takes effect when the snapshot is applied (applySnapshotConfState, from
    // advance): a conf change of an older Ready applied meanwhile must not land on top of it.
    this.raftLog.restore(s);
    return true;
  }

  /** The snapshot of a Ready was persisted and applied: its membership is now this member's. */
  applySnapshotConfState(cs: ConfState): void {
    this.prs.applyConfState(cs, this.raftLog.lastIndex() + 1);
    const self = this.prs.progress.get(this.id);
    if (self) self.match = this.raftLog.lastStableIndex();
  }

  // ---- membership ---------------------------------------------------------------------------

  applyConfChange(cc: ConfChange): ConfState {
    const next = this.raftLog.lastIndex() + 1;
    switch (cc.type) {
      case ConfChangeType.AddVoter:
        this.prs.addVoter(cc.nodeId, next);
        break;
      case ConfChangeType.AddLearner:
        this.prs.addLearner(cc.nodeId, next);
        break;
      case ConfChangeType.RemoveNode:
        this.prs.remove(cc.nodeId);
        break;
    }
    if (this.role === Role.Leader) {
      if (!this.prs.isVoter(this.id)) {
        this.leaving = true;
        this.maybeCommitAndBroadcast();
        this.handOffIfLeaving();
      } else {
        if (this.leadTransferee !== NONE && !this.prs.isVoter(this.leadTransferee))
          this.leadTransferee = NONE;
        // The quorum may have shrunk: entries may now be committed.
        this.maybeCommitAndBroadcast();
      }
    }
    return this.prs.confState();
  }

  /**
   * A removed leader keeps replicating (taking no proposals) until a remaining voter holds its whole
   * log, then tells that voter to campaign at once and steps down. Stepping down earlier could leave
   * no survivor able to learn that the removal committed, nor to win an election (sim seed 400024).
   */
  private handOffIfLeaving(): void {
    if (!this.leaving || this.role !== Role.Leader) return;
    const last = this.raftLog.lastIndex();
    for (const id of [...this.prs.voters].sort()) {
      if ((this.prs.progress.get(id)?.match ?? 0) === last) {
        // Tell it the commit index first (same stream, so before TimeoutNow): it then applies the
        // removal and campaigns in the new configuration, needing no vote from this node.
        this.send({
          type: MessageType.App,
          to: id,
          index: last,
          logTerm: this.raftLog.lastTerm(),
          entries: [],
          commit: this.raftLog.committed,
        });
        this.sendTimeoutNow(id);
        this.becomeFollower(this.term, NONE);
        return;
      }
    }
  }

  /** Called when a Ready's committed entries were applied. */
  appliedTo(index: number, appliedBytes: number): void {
    this.raftLog.appliedTo(index);
    this.uncommittedSize = Math.max(0, this.uncommittedSize - appliedBytes);
    if (this.campaignAfterApply && !this.hasUnappliedConfChange()) {
      this.campaignAfterApply = false;
      if (this.role === Role.Follower && this.promotable()) this.campaign(CampaignType.Transfer);
    }
  }

  reportUnreachable(id: NodeId): void {
    const pr = this.prs.progress.get(id);
    if (this.role !== Role.Leader || !pr) return;
    if (pr.state === ProgressState.Replicate) pr.becomeProbe();
  }

  /** Decodes a conf change entry; exposed so RawNode need not know the codec. */
  static decodeConfChange(e: Entry): ConfChange {
    return decodeConfChange(e.data);
  }
}

export { CampaignType };
