// DispatcherService over gRPC: authorizes every call by the caller's certificate (the node ID comes
// only from there), sends agents to the leader when this manager is not it, and hands leader-side
// work to the DispatcherTerm that exists while this manager leads (its `loop`).
//
// Choices: UpdateTaskStatus answers once its updates are committed (see TaskStatusWriter). PublishLogs
// hands each message's lines of the caller's own tasks to the log bus and answers once they are in.
import { randomInt } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import type { DispatcherServiceHandlers } from '../../proto/gen/covey/v1/DispatcherService.ts';
import type { LogBus } from '../../bus/log-bus.ts';
import type { PublishLogsRequest__Output } from '../../proto/gen/covey/v1/PublishLogsRequest.ts';
import type { RandomSource } from '../../raft/random.ts';
import { type Authorizer, type CallWithAuth, NODE_ROLES_ANY } from '../grpc/authorize.ts';
import { LEADER_ADDR_METADATA, RpcStatusError, statusOf, toServiceError } from '../grpc/error-status.ts';
import type { LeaderInfo } from '../leader-info.ts';
import type { LeaderLoop } from '../leader-loop.ts';
import { newObjectId } from '../object-id.ts';
import type { MemoryStore } from '../store/memory-store.ts';
import type { StoreProposer } from '../store/store-proposer.ts';
import { acceptLogLines } from './dispatcher-logs.ts';
import { weightedManagers } from './dispatcher-managers.ts';
import { DispatcherNotLeaderError, DispatcherStoppedError, NodeNotMemberError } from './dispatcher-errors.ts';
import { OutboundStream } from './dispatcher-outbound-stream.ts';
import { peerHost } from './dispatcher-peer-host.ts';
import { DispatcherTerm, MAX_STATUS_UPDATES } from './dispatcher-term.ts';
import { DEFAULT_HEARTBEAT_CONFIG, type HeartbeatConfig } from './heartbeat-period.ts';

export interface DispatcherServiceOptions {
  readonly store: MemoryStore;
  readonly proposer: StoreProposer;
  readonly leader: LeaderInfo;
  readonly authorizer: Pick<Authorizer, 'authorize'>;
  readonly logger: Logger;
  /** Fixed, or read at the start of each leadership term (the cluster's DispatcherConfig). */
  readonly heartbeat?: HeartbeatConfig | (() => HeartbeatConfig);
  /** Epoch ms. */
  readonly now?: () => number;
  readonly random?: RandomSource;
  /** Runs `fn` after `ms`; returns a cancel. Default: an unref'd setTimeout. */
  readonly setTimer?: (fn: () => void, ms: number) => () => void;
  /** Where PublishLogs lines go; none: they are dropped (a manager without a log plane). */
  readonly logs?: Pick<LogBus, 'publish'>;
  /** NATS servers agents publish logs to; empty: they use PublishLogs. */
  readonly natsUrls?: () => readonly string[];
  /** How often the manager list is re-read for reachability changes (default 2 s). */
  readonly managersPollMs?: number;
  /** How long a task status report waits for others to share its store batch (default 2 ms). */
  readonly statusFlushDelayMs?: number;
}

const CRYPTO_RANDOM: RandomSource = { intn: (n) => randomInt(n) };

function defaultSetTimer(fn: () => void, ms: number): () => void {
  const timer = setTimeout(fn, ms);
  timer.unref();
  return () => clearTimeout(timer);
}

export class DispatcherService {
  private term: DispatcherTerm | undefined;
  private closed = false;
  private readonly log: Logger;

  /** The leader-only state: start() on becoming leader, stop() on losing leadership. */
  readonly loop: LeaderLoop = {
    start: () => {
      if (this.closed || this.term !== undefined) return;
      const o = this.options;
      this.term = new DispatcherTerm({
        store: o.store,
        proposer: o.proposer,
        leader: o.leader,
        logger: this.log,
        heartbeat:
          typeof o.heartbeat === 'function' ? o.heartbeat() : (o.heartbeat ?? DEFAULT_HEARTBEAT_CONFIG),
        now: o.now ?? Date.now,
        random: o.random ?? CRYPTO_RANDOM,
        setTimer: o.setTimer ?? defaultSetTimer,
        natsUrls: o.natsUrls ?? (() => []),
        newSessionId: newObjectId,
        managersPollMs: o.managersPollMs ?? 2000,
        ...(o.statusFlushDelayMs === undefined ? {} : { statusFlushDelayMs: o.statusFlushDelayMs }),
      });
      this.term.start();
    },
    stop: async () => {
      const term = this.term;
      this.term = undefined;
      await term?.stop('leadership-lost');
    },
  };

  constructor(private readonly options: DispatcherServiceOptions) {
    this.log = options.logger.child({ component: 'dispatcher' });
  }

  /** Ends every open stream and refuses further calls (daemon shutdown). */
  close(): void {
    this.closed = true;
    const term = this.term;
    this.term = undefined;
    void term?.stop('shutdown');
  }

  handlers(): DispatcherServiceHandlers {
    return {
      Session: (call) => void this.session(call),
      Heartbeat: (call, callback) => {
        this.unary('Heartbeat', call, callback, async (nodeId, term) => term.heartbeat(nodeId, call.request));
      },
      Assignments: (call) => void this.assignments(call),
      UpdateTaskStatus: (call, callback) => {
        this.unary('UpdateTaskStatus', call, callback, async (nodeId, term) => {
          const { sessionId, updates } = call.request;
          if (updates.length > MAX_STATUS_UPDATES) {
            throw new RpcStatusError(
              grpc.status.INVALID_ARGUMENT,
              `at most ${MAX_STATUS_UPDATES} status updates per call, got ${updates.length}`,
            );
          }
          await term.updateTaskStatus(nodeId, sessionId, updates);
          return {};
        });
      },
      PublishLogs: (call, callback) => void this.publishLogs(call, callback),
    };
  }

  private async session(call: Parameters<DispatcherServiceHandlers['Session']>[0]): Promise<void> {
    const out = new OutboundStream(call);
    try {
      const nodeId = (await this.options.authorizer.authorize(call, NODE_ROLES_ANY)).nodeId;
      const term = this.leaderTerm();
      if (term === undefined) {
        const { leaderId, leaderAddr } = this.leaderElsewhere();
        out.write({
          sessionId: '',
          nodeId,
          node: null,
          managers: weightedManagers(this.options.leader),
          redirect: { leaderNodeId: leaderId, leaderAddr },
          natsUrls: [],
        });
        out.end();
        return;
      }
      this.requireMember(nodeId);
      await term.openSession(nodeId, call.request, out, peerHost(call.getPeer()));
    } catch (err) {
      this.report(err, 'Session');
      out.fail(err, this.errorMetadata(err));
    }
  }

  private async assignments(call: Parameters<DispatcherServiceHandlers['Assignments']>[0]): Promise<void> {
    const out = new OutboundStream(call);
    try {
      const { nodeId, term } = await this.admit(call);
      term.openAssignments(nodeId, call.request.sessionId, out);
    } catch (err) {
      this.report(err, 'Assignments');
      out.fail(err, this.errorMetadata(err));
    }
  }

  private async publishLogs(
    call: Parameters<DispatcherServiceHandlers['PublishLogs']>[0],
    callback: Parameters<DispatcherServiceHandlers['PublishLogs']>[1],
  ): Promise<void> {
    try {
      const { nodeId, term } = await this.admit(call);
      const bus = this.options.logs;
      // Each message's lines go to the bus in order, one publish after the other.
      let published: Promise<void> = Promise.resolve();
      let dropped = 0;
      // Listeners attach only now: grpc-js buffers the messages that came during authorization.
      await new Promise<void>((resolve, reject) => {
        let checked = false;
        call.on('data', (request: PublishLogsRequest__Output) => {
          if (!checked) {
            checked = true;
            try {
              term.checkSession(nodeId, request.sessionId);
            } catch (err) {
              reject(err);
              return;
            }
          }
          if (bus === undefined) return;
          const accepted = acceptLogLines(this.options.store, nodeId, request.messages);
          dropped += accepted.dropped;
          if (accepted.lines.length > 0) published = published.then(() => bus.publish(accepted.lines));
        });
        call.on('end', () => resolve());
        call.on('error', (err: Error) => reject(err));
        call.on('cancelled', () => resolve());
      });
      await published;
      if (dropped > 0)
        this.log.debug({ nodeId, dropped }, 'PublishLogs: lines of tasks not on this node dropped');
      callback(null, {});
    } catch (err) {
      this.report(err, 'PublishLogs');
      callback(toServiceError(err, this.errorMetadata(err)));
    }
  }

  private unary<Res>(
    rpc: string,
    call: CallWithAuth,
    callback: grpc.sendUnaryData<Res>,
    body: (nodeId: string, term: DispatcherTerm) => Promise<Res>,
  ): void {
    this.admit(call)
      .then(({ nodeId, term }) => body(nodeId, term))
      .then(
        (response) => callback(null, response),
        (err: unknown) => {
          this.report(err, rpc);
          callback(toServiceError(err, this.errorMetadata(err)));
        },
      );
  }

  /** Authorizes the caller and checks that this manager leads and the node is a member. */
  private async admit(call: CallWithAuth): Promise<{ nodeId: string; term: DispatcherTerm }> {
    const { nodeId } = await this.options.authorizer.authorize(call, NODE_ROLES_ANY);
    const term = this.leaderTerm();
    if (term === undefined) {
      if (this.closed) throw new DispatcherStoppedError('shutdown');
      const { leaderId, leaderAddr } = this.leaderElsewhere();
      throw new DispatcherNotLeaderError(leaderId, leaderAddr);
    }
    this.requireMember(nodeId);
    return { nodeId, term };
  }

  /** The term, when this manager leads and its dispatcher runs; otherwise agents go elsewhere. */
  private leaderTerm(): DispatcherTerm | undefined {
    const term = this.term;
    if (term === undefined || term.isStopped || !this.options.leader.isLeader()) return undefined;
    return term;
  }

  /** Where the leader is; nothing when it is this manager (its dispatcher is not running yet). */
  private leaderElsewhere(): { leaderId: string; leaderAddr: string } {
    const { leader } = this.options;
    const leaderId = leader.leaderId();
    if (leaderId === '' || leaderId === leader.nodeId || this.closed) return { leaderId: '', leaderAddr: '' };
    return { leaderId, leaderAddr: leader.leaderAddr() ?? '' };
  }

  private requireMember(nodeId: string): void {
    if (this.options.store.get('node', nodeId) === undefined) throw new NodeNotMemberError(nodeId);
  }

  private errorMetadata(err: unknown): grpc.Metadata | undefined {
    if (!(err instanceof DispatcherNotLeaderError) || err.leaderAddr === '') return undefined;
    const metadata = new grpc.Metadata();
    metadata.set(LEADER_ADDR_METADATA, err.leaderAddr);
    return metadata;
  }

  private report(err: unknown, rpc: string): void {
    if (!statusOf(err).known) this.log.error({ err, rpc }, 'dispatcher call failed');
    else
      this.log.debug(
        { rpc, err: err instanceof Error ? err.message : String(err) },
        'dispatcher call refused',
      );
  }
}
