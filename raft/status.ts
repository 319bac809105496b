// A read-only view of a member's Raft state for operators, tests and the manager's health checks.
import type { ProgressState } from './progress.ts';
import type { ConfState, NodeId, Role } from './types.ts';

export interface PeerProgress {
  readonly match: number;
  readonly next: number;
  readonly state: ProgressState;
  readonly recentActive: boolean;
  readonly isLearner: boolean;
  readonly inflight: number;
  readonly pendingSnapshot: number;
}

export interface Status {
  readonly id: NodeId;
  readonly term: number;
  readonly vote: NodeId;
  readonly commit: number;
  readonly applied: number;
  readonly leader: NodeId;
  readonly role: Role;
  readonly lastIndex: number;
  readonly firstIndex: number;
  readonly confState: ConfState;
  readonly leadTransferee: NodeId;
  /** Only on the leader: every member's replication progress. */
  readonly progress: ReadonlyMap<NodeId, PeerProgress> | undefined;
}
