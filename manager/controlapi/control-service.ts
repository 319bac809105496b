// The ControlService gRPC server: what the CLI calls on any manager. Every RPC authorizes the caller
// first (admin or manager certificate). Reads wait for the read barrier, then answer from the local
// store. Writes run on the leader; a follower — or a leader that loses leadership mid-call — forwards
// the whole request to the leader and relays its answer verbatim. A forwarded call is never forwarded
// again: it fails UNAVAILABLE ("no leader, retry") instead of looping.
import * as grpc from '@grpc/grpc-js';
import type { EventBus } from '../../bus/event-bus.ts';
import type { LogBus } from '../../bus/log-bus.ts';
import type { Logger } from 'pino';
import type { ControlServiceHandlers } from '../../proto/gen/covey/v1/ControlService.ts';
import { NotLeaderError, ProposalDroppedError } from '../../raft/errors.ts';
import { type Authorizer, CONTROL_ROLES } from '../grpc/authorize.ts';
import { RpcStatusError, statusOf, toServiceError } from '../grpc/error-status.ts';
import type { LeaderInfo } from '../leader-info.ts';
import { newObjectId } from '../object-id.ts';
import type { MemoryStore } from '../store/memory-store.ts';
import type { StoreProposer } from '../store/store-proposer.ts';
import { getCluster, updateCluster } from './control-cluster.ts';
import type { ControlContext, RaftMembership } from './control-context.ts';
import { NoLeaderError } from './control-errors.ts';
import { type EventsCall, EventStreams } from './control-events.ts';
import { type ServiceLogsCall, serveServiceLogs } from './control-logs.ts';
import {
  type ControlForwarder,
  FORWARDED_METADATA,
  type ForwardedMethod,
  type ForwardedMethods,
  ForwardedStatusError,
  isForwarded,
} from './control-forwarder.ts';
import { getNode, listNodes, removeNode, updateNode } from './control-nodes.ts';
import { listServiceStatuses } from './control-service-status.ts';
import { createService, getService, listServices, removeService, updateService } from './control-services.ts';
import { getTask, listTasks } from './control-tasks.ts';

export interface ControlServiceOptions {
  readonly store: MemoryStore;
  readonly proposer: StoreProposer;
  readonly leader: LeaderInfo;
  readonly authorizer: Authorizer;
  readonly logger: Logger;
  /**
   * Linearizable read barrier (RaftNode.readBarrier): resolves when the local store reflects every
   * write committed before the call.
   */
  readonly readBarrier: () => Promise<void>;
  /** Forwards a unary write to the leader (on a follower). Closed with the service. */
  readonly forwarder: ControlForwarder;
  /** Raft facts for the demotion quorum check: voter ids and which are reachable (this manager included). */
  readonly raftMembers: () => RaftMembership;
  /** New join token text for a role (pki generateJoinToken(caDigest, role).text), for rotation. */
  readonly newJoinToken: (role: 'worker' | 'manager') => string;
  /** Epoch ms. Default Date.now. */
  readonly now?: () => number;
  /** Default newObjectId. */
  readonly newId?: () => string;
  /**
   * Where ServiceLogs reads. `leaderOnly`: the bus holds only what agents published to this manager
   * as leader (the embedded bus), so a follower relays the leader's stream; NATS is read anywhere.
   */
  readonly logs?: { readonly bus: Pick<LogBus, 'read'>; readonly leaderOnly: boolean };
  /** The event history an Events request with a past `since` reads. */
  readonly events?: Pick<EventBus, 'read'>;
}

export const SERVICE_LOGS_UNAVAILABLE = 'this manager has no log plane';

type Remote<Req, Res> = (request: Req, deadline: grpc.Deadline) => Promise<Res>;

/** True for a proposal refused because leadership moved (or is moving): the leader can serve it. */
function leadershipMoved(err: unknown): boolean {
  return err instanceof NotLeaderError || err instanceof ProposalDroppedError;
}

export class ControlService {
  private readonly ctx: ControlContext;
  private readonly events: EventStreams;
  private readonly log: Logger;

  constructor(private readonly opts: ControlServiceOptions) {
    this.log = opts.logger.child({ component: 'controlapi' });
    this.ctx = {
      store: opts.store,
      proposer: opts.proposer,
      readBarrier: opts.readBarrier,
      raftMembers: opts.raftMembers,
      newJoinToken: opts.newJoinToken,
      now: opts.now ?? Date.now,
      newId: opts.newId ?? newObjectId,
    };
    this.events = new EventStreams(this.ctx, this.log, opts.events);
  }

  /** Open Events streams (for metrics and tests). */
  get openEventStreams(): number {
    return this.events.size;
  }

  handlers(): ControlServiceHandlers {
    const ctx = this.ctx;
    return {
      CreateService: this.write((r) => createService(ctx, r), this.remote('CreateService')),
      GetService: this.read((r) => getService(ctx, r)),
      ListServices: this.read((r) => listServices(ctx, r)),
      UpdateService: this.write((r) => updateService(ctx, r), this.remote('UpdateService')),
      RemoveService: this.write((r) => removeService(ctx, r), this.remote('RemoveService')),
      ListServiceStatuses: this.read((r) => listServiceStatuses(ctx, r)),
      GetTask: this.read((r) => getTask(ctx, r)),
      ListTasks: this.read((r) => listTasks(ctx, r)),
      GetNode: this.read((r) => getNode(ctx, r)),
      ListNodes: this.read((r) => listNodes(ctx, r)),
      UpdateNode: this.write((r) => updateNode(ctx, r), this.remote('UpdateNode')),
      RemoveNode: this.write((r) => removeNode(ctx, r), this.remote('RemoveNode')),
      GetCluster: this.read(() => getCluster(ctx)),
      UpdateCluster: this.write((r) => updateCluster(ctx, r), this.remote('UpdateCluster')),
      Events: (call) => {
        void this.serveEvents(call);
      },
      ServiceLogs: (call) => {
        void this.serveLogs(call);
      },
    };
  }

  /** Ends the open Events streams (UNAVAILABLE) and closes the forwarder's clients. */
  close(): void {
    this.events.close();
    this.opts.forwarder.close();
  }

  private remote<M extends ForwardedMethod>(
    method: M,
  ): Remote<ForwardedMethods[M][0], ForwardedMethods[M][1]> {
    return (request, deadline) => this.opts.forwarder.forward(method, request, deadline);
  }

  private read<Req, Res>(local: (request: Req) => Res | Promise<Res>): grpc.handleUnaryCall<Req, Res> {
    return (call, callback) => {
      this.answer(call, callback, async () => {
        await this.opts.authorizer.authorize(call, CONTROL_ROLES);
        await this.ctx.readBarrier();
        return local(call.request);
      });
    };
  }

  private write<Req, Res>(
    local: (request: Req) => Promise<Res>,
    remote: Remote<Req, Res>,
  ): grpc.handleUnaryCall<Req, Res> {
    return (call, callback) => {
      this.answer(call, callback, async () => {
        await this.opts.authorizer.authorize(call, CONTROL_ROLES);
        if (!this.opts.leader.isLeader()) return this.forward(call, remote);
        try {
          return await local(call.request);
        } catch (err) {
          if (!leadershipMoved(err)) throw err;
          this.log.info({ method: call.getPath() }, 'leadership moved during a write; forwarding it');
          return this.forward(call, remote);
        }
      });
    };
  }

  private forward<Req, Res>(call: grpc.ServerUnaryCall<Req, Res>, remote: Remote<Req, Res>): Promise<Res> {
    if (isForwarded(call.metadata)) {
      const by = String(call.metadata.get(FORWARDED_METADATA)[0] ?? '');
      throw new NoLeaderError(
        `manager ${this.opts.leader.nodeId} is not the leader either (forwarded by ${by})`,
      );
    }
    return remote(call.request, call.getDeadline());
  }

  private answer<Req, Res>(
    call: grpc.ServerUnaryCall<Req, Res>,
    callback: grpc.sendUnaryData<Res>,
    body: () => Promise<Res>,
  ): void {
    body().then(
      (response) => callback(null, response),
      (err: unknown) => callback(this.failure(call.getPath(), err)),
    );
  }

  private failure(method: string, err: unknown): Partial<grpc.StatusObject> & Error {
    if (!statusOf(err).known) this.log.error({ err, method }, 'control request failed');
    return toServiceError(err, err instanceof ForwardedStatusError ? err.metadata : undefined);
  }

  private async serveEvents(call: EventsCall): Promise<void> {
    try {
      await this.opts.authorizer.authorize(call, CONTROL_ROLES);
      await this.events.serve(call);
    } catch (err) {
      call.emit('error', this.failure(call.getPath(), err));
    }
  }

  private async serveLogs(call: ServiceLogsCall): Promise<void> {
    try {
      await this.opts.authorizer.authorize(call, CONTROL_ROLES);
      const logs = this.opts.logs;
      if (logs === undefined) throw new RpcStatusError(grpc.status.UNAVAILABLE, SERVICE_LOGS_UNAVAILABLE);
      await this.ctx.readBarrier();
      const relay = logs.leaderOnly && !this.opts.leader.isLeader() && !isForwarded(call.metadata);
      const forwarder = this.opts.forwarder;
      await serveServiceLogs(
        call,
        this.ctx.store,
        relay ? { relay: (request, signal) => forwarder.serviceLogs(request, signal) } : { bus: logs.bus },
      );
    } catch (err) {
      call.emit('error', this.failure(call.getPath(), err));
    }
  }
}
