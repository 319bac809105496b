// RaftMembership.Join on the leader: a manager that holds a manager certificate (issued at join, or
// renewed after a promotion) asks to be added to the Raft group; it enters as a learner and the role
// manager promotes it to voter once it has caught up (thesis 4.2.1: no availability gap).
import * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { ConfChangeType } from '../raft/types.ts';
import type { RaftJoinResponse } from '../proto/gen/covey/v1/RaftJoinResponse.ts';
import type { RaftMembershipHandlers } from '../proto/gen/covey/v1/RaftMembership.ts';
import { NodeRole } from '../proto/gen/covey/v1/NodeRole.ts';
import { type Authorizer, RAFT_ROLES } from './grpc/authorize.ts';
import { LEADER_ADDR_METADATA, RpcStatusError, statusOf, toServiceError } from './grpc/error-status.ts';
import type { LeaderInfo } from './leader-info.ts';
import type { MemberDirectory } from './member-directory.ts';
import type { MemoryStore } from './store/memory-store.ts';

export interface RaftMembershipOptions {
  readonly store: MemoryStore;
  readonly leader: LeaderInfo;
  readonly members: MemberDirectory;
  readonly authorizer: Authorizer;
  readonly raft: {
    status(): { confState: { voters: readonly string[]; learners: readonly string[] } };
    proposeConfChange(cc: { type: ConfChangeType; nodeId: string; context: Uint8Array }): Promise<unknown>;
  };
  readonly logger: Logger;
}

const ADDR_RE = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/;

export class RaftMembershipService {
  private readonly log: Logger;

  constructor(private readonly o: RaftMembershipOptions) {
    this.log = o.logger.child({ component: 'raft-membership' });
  }

  handlers(): RaftMembershipHandlers {
    return {
      Join: (call, callback) => {
        this.join(call, call.request.addr).then(
          (response) => callback(null, response),
          (err: unknown) => {
            if (!statusOf(err).known) this.log.error({ err }, 'join failed');
            const md = new grpc.Metadata();
            const addr = this.o.leader.leaderAddr();
            if (addr) md.set(LEADER_ADDR_METADATA, addr);
            callback(toServiceError(err, md));
          },
        );
      },
    };
  }

  private async join(call: grpc.ServerUnaryCall<unknown, unknown>, addr: string): Promise<RaftJoinResponse> {
    const identity = await this.o.authorizer.authorize(call, RAFT_ROLES);
    if (!ADDR_RE.test(addr)) {
      throw new RpcStatusError(grpc.status.INVALID_ARGUMENT, `addr: "${addr}" is not host:port`);
    }
    if (!this.o.leader.isLeader()) {
      const leaderAddr = this.o.leader.leaderAddr();
      if (!leaderAddr) throw new RpcStatusError(grpc.status.UNAVAILABLE, 'no leader right now; retry');
      throw new RpcStatusError(
        grpc.status.FAILED_PRECONDITION,
        `this manager is not the leader; the leader is at ${leaderAddr}`,
      );
    }
    const node = this.o.store.get('node', identity.nodeId);
    if (!node || node.spec?.desiredRole !== NodeRole.NODE_ROLE_MANAGER) {
      throw new RpcStatusError(
        grpc.status.PERMISSION_DENIED,
        `node ${identity.nodeId} is not a manager of this cluster (promote it first)`,
      );
    }
    const cs = this.o.raft.status().confState;
    const isMember = cs.voters.includes(identity.nodeId) || cs.learners.includes(identity.nodeId);
    this.o.members.set(identity.nodeId, addr);
    if (!isMember) {
      await this.o.raft.proposeConfChange({
        type: ConfChangeType.AddLearner,
        nodeId: identity.nodeId,
        context: Buffer.from(addr),
      });
      this.log.info({ nodeId: identity.nodeId, addr }, 'manager joined the raft group as a learner');
    }
    const after = this.o.raft.status().confState;
    return {
      members: [...after.voters, ...after.learners].map((id) => ({
        nodeId: id,
        addr: this.o.members.get(id) ?? '',
      })),
    };
  }
}
