// Leader loop that reconciles managers: Raft membership with Node.spec.desired_role (promote: the
// node's role becomes MANAGER and its daemon joins Raft; demote: its vote is removed first, then its
// role), learners promoted to voters once caught up, and each manager's ManagerStatus (address,
// leader flag, reachability) kept in the store so every manager and agent can find the others.
import type { Logger } from 'pino';
import type { Node__Output } from '../proto/gen/covey/v1/Node.ts';
import { NodeRole } from '../proto/gen/covey/v1/NodeRole.ts';
import { Reachability } from '../proto/gen/covey/v1/Reachability.ts';
import type { StoreAction } from '../proto/gen/covey/v1/StoreAction.ts';
import { majority } from '../raft/quorum.ts';
import type { Status } from '../raft/status.ts';
import { type ConfChange, ConfChangeType } from '../raft/types.ts';
import type { LeaderLoop } from './leader-loop.ts';
import { isReachable, upToDateVoter } from './raft-reachability.ts';
import type { MemberDirectory } from './member-directory.ts';
import type { MemoryStore } from './store/memory-store.ts';
import type { StoreProposer } from './store/store-proposer.ts';

export interface RoleManagerOptions {
  readonly store: MemoryStore;
  readonly proposer: StoreProposer;
  readonly members: MemberDirectory;
  readonly raft: {
    readonly id: string;
    status(): Status;
    proposeConfChange(cc: ConfChange): Promise<unknown>;
    transferLeadership(target: string): void;
  };
  readonly logger: Logger;
  /** How often to look again (learner catch-up, reachability). Default 500 ms. */
  readonly intervalMs?: number;
}

/** True when removing `id`'s vote leaves a reachable majority of the remaining voters. */
export function canRemoveVoter(status: Status, id: string): boolean {
  const remaining = status.confState.voters.filter((v) => v !== id);
  if (remaining.length === 0) return false;
  const reachable = remaining.filter((v) => isReachable(status, v)).length;
  return reachable >= majority(remaining.length);
}

export class RoleManager implements LeaderLoop {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private busy = false;
  private readonly log: Logger;

  constructor(private readonly o: RoleManagerOptions) {
    this.log = o.logger.child({ component: 'role-manager' });
  }

  start(): void {
    this.running = true;
    this.timer = setInterval(() => void this.pass(), this.o.intervalMs ?? 500);
    void this.pass();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearInterval(this.timer);
    while (this.busy) await new Promise((r) => setTimeout(r, 10));
  }

  /** One reconciliation; errors are logged and retried on the next pass. */
  async pass(): Promise<void> {
    if (!this.running || this.busy) return;
    this.busy = true;
    try {
      await this.reconcileMembership();
      await this.writeManagerStatus();
    } catch (err) {
      this.log.debug({ err }, 'role reconciliation will be retried');
    } finally {
      this.busy = false;
    }
  }

  private async reconcileMembership(): Promise<void> {
    const status = this.o.raft.status();
    if (status.role !== 'leader') return;
    const { voters, learners } = status.confState;
    // Caught-up learners become voters (the core refuses while one is too far behind).
    for (const id of learners) {
      const match = status.progress?.get(id)?.match ?? 0;
      if (status.lastIndex - match > 100) continue;
      await this.o.raft.proposeConfChange({
        type: ConfChangeType.AddVoter,
        nodeId: id,
        context: new Uint8Array(),
      });
      this.log.info({ nodeId: id }, 'promoted a caught-up learner to raft voter');
      return;
    }
    const actions: StoreAction[] = [];
    for (const node of this.o.store.find('node')) {
      const desired = node.spec?.desiredRole ?? NodeRole.NODE_ROLE_WORKER;
      const inRaft = voters.includes(node.id) || learners.includes(node.id);
      if (desired === NodeRole.NODE_ROLE_MANAGER && node.role !== NodeRole.NODE_ROLE_MANAGER) {
        // Promotion: the node's daemon sees its new role, renews its certificate and joins Raft.
        actions.push(update(node, { ...node, role: NodeRole.NODE_ROLE_MANAGER }));
      } else if (desired === NodeRole.NODE_ROLE_WORKER && node.role === NodeRole.NODE_ROLE_MANAGER) {
        if (inRaft) {
          if (node.id === this.o.raft.id) {
            const target = upToDateVoter(status, node.id);
            if (target) this.o.raft.transferLeadership(target);
            continue;
          }
          if (learners.includes(node.id) || canRemoveVoter(status, node.id)) {
            await this.o.raft.proposeConfChange({
              type: ConfChangeType.RemoveNode,
              nodeId: node.id,
              context: new Uint8Array(),
            });
            this.log.info({ nodeId: node.id }, 'removed a demoted manager from raft');
            return;
          }
          this.log.warn({ nodeId: node.id }, 'demotion waits: removing this vote now would lose quorum');
          continue;
        }
        actions.push(update(node, { ...node, role: NodeRole.NODE_ROLE_WORKER, managerStatus: null }));
      }
    }
    if (actions.length > 0) await this.o.proposer.propose(actions);
  }

  private async writeManagerStatus(): Promise<void> {
    const status = this.o.raft.status();
    if (status.role !== 'leader') return;
    const actions: StoreAction[] = [];
    for (const id of [...status.confState.voters, ...status.confState.learners]) {
      const node = this.o.store.get('node', id);
      if (!node) continue;
      const reachable = isReachable(status, id);
      const next = {
        raftId: id,
        addr: this.o.members.get(id) ?? node.managerStatus?.addr ?? '',
        leader: id === status.id,
        reachability: reachable ? Reachability.REACHABILITY_REACHABLE : Reachability.REACHABILITY_UNREACHABLE,
      };
      const cur = node.managerStatus;
      if (
        cur &&
        cur.raftId === next.raftId &&
        cur.addr === next.addr &&
        cur.leader === next.leader &&
        cur.reachability === next.reachability
      ) {
        continue;
      }
      actions.push(update(node, { ...node, managerStatus: next }));
    }
    if (actions.length > 0) await this.o.proposer.propose(actions);
  }
}

function update(
  node: Node__Output,
  next: Node__Output | (Omit<Node__Output, 'managerStatus'> & { managerStatus: unknown }),
): StoreAction {
  return { updateNode: next as Node__Output, expectedVersion: node.meta?.version ?? 0 };
}
