// Membership and per-member progress as the leader tracks it: who votes, who learns, how far each
// has replicated, and the votes of the current election.
import { Progress } from './progress.ts';
import { committedIndex, VoteResult, voteResult } from './quorum.ts';
import type { ConfState, NodeId } from './types.ts';

export class ProgressTracker {
  voters = new Set<NodeId>();
  learners = new Set<NodeId>();
  progress = new Map<NodeId, Progress>();
  private votes = new Map<NodeId, boolean>();

  constructor(private readonly maxInflight: number) {}

  /** Replaces the configuration; progress of members that stay is kept. */
  applyConfState(cs: ConfState, nextIndex: number): void {
    this.voters = new Set(cs.voters);
    this.learners = new Set(cs.learners);
    for (const id of this.progress.keys()) {
      if (!this.voters.has(id) && !this.learners.has(id)) this.progress.delete(id);
    }
    for (const id of [...cs.voters, ...cs.learners]) this.ensure(id, nextIndex);
    for (const [id, pr] of this.progress) pr.isLearner = this.learners.has(id);
  }

  addVoter(id: NodeId, nextIndex: number): void {
    this.learners.delete(id);
    this.voters.add(id);
    this.ensure(id, nextIndex).isLearner = false;
  }

  addLearner(id: NodeId, nextIndex: number): void {
    this.voters.delete(id);
    this.learners.add(id);
    this.ensure(id, nextIndex).isLearner = true;
  }

  remove(id: NodeId): void {
    this.voters.delete(id);
    this.learners.delete(id);
    this.progress.delete(id);
    this.votes.delete(id);
  }

  private ensure(id: NodeId, nextIndex: number): Progress {
    let pr = this.progress.get(id);
    if (!pr) {
      pr = new Progress(nextIndex, this.maxInflight, this.learners.has(id));
      // A new member counts as active so that check-quorum does not depose the leader at once.
      pr.recentActive = true;
      this.progress.set(id, pr);
    }
    return pr;
  }

  isVoter(id: NodeId): boolean {
    return this.voters.has(id);
  }

  isMember(id: NodeId): boolean {
    return this.voters.has(id) || this.learners.has(id);
  }

  confState(): ConfState {
    return { voters: [...this.voters].sort(), learners: [...this.learners].sort() };
  }

  committed(): number {
    return committedIndex(this.voters, (id) => this.progress.get(id)?.match ?? 0);
  }

  resetVotes(): void {
    this.votes.clear();
  }

  recordVote(id: NodeId, granted: boolean): void {
    if (!this.votes.has(id)) this.votes.set(id, granted);
  }

  tallyVotes(): VoteResult {
    return voteResult(this.voters, this.votes);
  }

  /** True when a majority of voters were heard from recently (the leader itself counts). */
  quorumActive(self: NodeId): boolean {
    const active = new Map<NodeId, boolean>();
    for (const id of this.voters) {
      active.set(id, id === self || (this.progress.get(id)?.recentActive ?? false));
    }
    return voteResult(this.voters, active) === VoteResult.Won;
  }
}
