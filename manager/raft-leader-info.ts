// LeaderInfo from the Raft node's soft state and the member directory: who leads, where it is, and
// which managers an agent may fail over to.
import type { Status } from '../raft/status.ts';
import type { LeaderInfo, ManagerPeer } from './leader-info.ts';
import type { MemberDirectory } from './member-directory.ts';
import { isReachable } from './raft-reachability.ts';

export interface RaftView {
  readonly id: string;
  isLeader(): boolean;
  leader(): string;
  status(): Status;
}

export class RaftLeaderInfo implements LeaderInfo {
  private readonly listeners = new Set<(leaderId: string) => void>();
  private lastLeader = '';

  constructor(
    private readonly raft: RaftView,
    private readonly members: MemberDirectory,
  ) {}

  get nodeId(): string {
    return this.raft.id;
  }

  isLeader(): boolean {
    return this.raft.isLeader();
  }

  leaderId(): string {
    return this.raft.leader();
  }

  leaderAddr(): string | undefined {
    const id = this.raft.leader();
    return id === '' ? undefined : this.members.get(id);
  }

  managers(): readonly ManagerPeer[] {
    const status = this.raft.status();
    const ids = [...status.confState.voters, ...status.confState.learners];
    const out: ManagerPeer[] = [];
    for (const nodeId of ids) {
      const addr = this.members.get(nodeId);
      if (addr === undefined) continue;
      out.push({ nodeId, addr, reachable: isReachable(status, nodeId) });
    }
    return out;
  }

  onLeaderChange(listener: (leaderId: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The Raft node's soft-state hook calls this. */
  notify(): void {
    const leader = this.raft.leader();
    if (leader === this.lastLeader) return;
    this.lastLeader = leader;
    for (const l of this.listeners) l(leader);
  }
}
