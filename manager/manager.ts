// The manager component of a daemon: a Raft member over the daemon's gRPC server with the store as
// its state machine, the services every manager serves (control, CA, Raft membership, dispatcher
// redirects), and — while this member leads — the leader loops (orchestrator, scheduler, dispatcher
// state, role manager). cli/ wires one per daemon whose node has the manager role.
import type * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { channelCredentials, TLS_CHANNEL_OPTIONS } from '../pki/grpc-credentials.ts';
import { generateJoinToken } from '../pki/join-token.ts';
import type { TlsBundle } from '../pki/tls-bundle.ts';
import { parseTrustAnchor } from '../pki/trust-anchor.ts';
import type { Cluster } from '../proto/gen/covey/v1/Cluster.ts';
import type { Node } from '../proto/gen/covey/v1/Node.ts';
import { loadCoveyProto } from '../proto/load.ts';
import { SeededRandom } from '../raft/random.ts';
import { type ConfChange, ConfChangeType, type ConfState } from '../raft/types.ts';
import { CaForwarder } from './ca/ca-forwarder.ts';
import { CaService } from './ca/ca-service.ts';
import { ControlForwarder } from './controlapi/control-forwarder.ts';
import { ControlService } from './controlapi/control-service.ts';
import { DispatcherService } from './dispatcher/dispatcher-service.ts';
import { type HeartbeatConfig, heartbeatConfigFromProto } from './dispatcher/heartbeat-period.ts';
import { Authorizer, RAFT_ROLES } from './grpc/authorize.ts';
import { toServiceError } from './grpc/error-status.ts';
import type { LeaderLoop } from './leader-loop.ts';
import { EventPublisher } from './event-publisher.ts';
import { embeddedPlane, type MessagePlane } from './message-plane.ts';
import { MemberDirectory } from './member-directory.ts';
import { OrchestratorLoop } from './orchestrator/orchestrator-loop.ts';
import { RaftLeaderInfo } from './raft-leader-info.ts';
import { RaftMembershipService } from './raft-membership-service.ts';
import { isReachable, upToDateVoter } from './raft-reachability.ts';
import { RaftNode } from './raftnode/raft-node.ts';
import { openRaftStorage } from './raftnode/raft-storage.ts';
import { GrpcRaftTransport } from './raftnode/transport/grpc-transport.ts';
import { RoleManager } from './role-manager.ts';
import { SchedulerLoop } from './scheduler/scheduler-loop.ts';
import { type BatchResult, MemoryStore } from './store/memory-store.ts';
import { StoreStateMachine } from './store/store-state-machine.ts';
import { RaftStoreProposer } from './store/store-proposer.ts';

export interface ManagerOptions {
  readonly nodeId: string;
  /** Directory of the Raft WAL and snapshots (`<data-dir>/raft`); members.json lives there too. */
  readonly raftDir: string;
  /** host:port other managers and agents reach this daemon's gRPC server at. */
  readonly advertiseAddr: string;
  readonly bundle: TlsBundle;
  /** The daemon's one gRPC server; the manager registers its services on it before it binds. */
  readonly server: grpc.Server;
  readonly logger: Logger;
  /** --init: this manager founds the group and writes these objects once it leads. */
  readonly bootstrap?: { readonly cluster: Cluster; readonly node: Node };
  /** Known members (from a Join response) to reach before anything is applied. */
  readonly peers?: readonly { readonly nodeId: string; readonly addr: string }[];
  /** Milliseconds per Raft tick (election timeout is 10–20 ticks). Default 100. */
  readonly tickMs?: number;
  readonly snapshotEvery?: number;
  readonly heartbeat?: HeartbeatConfig;
  /** Called when this manager was removed from the Raft group (demoted). */
  readonly onRemoved?: () => void;
  /** Task logs and cluster events; default the embedded buses. */
  readonly plane?: MessagePlane;
}

export class Manager {
  readonly store: MemoryStore;
  readonly raft: RaftNode<BatchResult>;
  readonly leaderInfo: RaftLeaderInfo;
  readonly members: MemberDirectory;
  readonly dispatcher: DispatcherService;
  /** Where task logs and cluster events go. */
  readonly plane: MessagePlane;
  private readonly eventPublisher: EventPublisher;
  private readonly transport: GrpcRaftTransport;
  private readonly control: ControlService;
  private readonly controlForwarder: ControlForwarder;
  private readonly caForwarder: CaForwarder;
  private readonly proposer: RaftStoreProposer;
  private loops: LeaderLoop[] = [];
  private readonly newLoops: () => LeaderLoop[];
  private readonly log: Logger;
  private leading = false;
  private leadership: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly unwatch: () => void;

  private constructor(
    private readonly o: ManagerOptions,
    parts: {
      members: MemberDirectory;
      store: MemoryStore;
      raftParts: Awaited<ReturnType<typeof openRaftStorage>>;
    },
  ) {
    this.log = o.logger.child({ component: 'manager', nodeId: o.nodeId });
    this.members = parts.members;
    this.store = parts.store;
    const anchor = parseTrustAnchor(o.bundle.caCert);
    const authorizer = new Authorizer(anchor);
    const sm = new StoreStateMachine(this.store);
    if (parts.raftParts.snapshot) sm.restore(parts.raftParts.snapshot.data);

    this.transport = new GrpcRaftTransport({
      selfId: o.nodeId,
      credentials: {
        channel: channelCredentials(o.bundle, { serverRoles: ['manager'] }),
        channelOptions: TLS_CHANNEL_OPTIONS,
      },
      authorizeStream: async (call) => {
        try {
          await authorizer.authorize(call, RAFT_ROLES);
        } catch (err) {
          throw toServiceError(err);
        }
      },
      logger: o.logger.child({ component: 'raft-transport' }),
    });
    this.transport.register(o.server);
    this.members.set(o.nodeId, o.advertiseAddr);
    for (const p of o.peers ?? []) this.members.set(p.nodeId, p.addr);
    for (const [id, addr] of this.members.entries()) if (id !== o.nodeId) this.transport.setPeer(id, addr);
    this.members.onChange((id, addr) => {
      if (id === o.nodeId) return;
      if (addr === undefined) this.transport.removePeer(id);
      else this.transport.setPeer(id, addr);
    });

    let leaderInfo: RaftLeaderInfo | undefined;
    this.raft = new RaftNode<BatchResult>({
      id: o.nodeId,
      storage: parts.raftParts.storage,
      persistence: parts.raftParts.persistence,
      transport: this.transport,
      stateMachine: sm,
      applied: parts.raftParts.applied,
      tickMs: o.tickMs ?? 100,
      snapshotEvery: o.snapshotEvery ?? 10_000,
      snapshotCatchUpEntries: Math.min(5_000, o.snapshotEvery ?? 10_000),
      raft: { random: new SeededRandom(Math.floor(Math.random() * 2 ** 31)) },
      logger: o.logger.child({ component: 'raft' }),
      onConfChange: (cc, cs) => this.confChanged(cc, cs),
      onSoftState: () => leaderInfo?.notify(),
      onFatal: (err) => this.log.fatal({ err }, 'raft stopped on an unrecoverable error'),
    });
    leaderInfo = new RaftLeaderInfo(this.raft, this.members);
    this.leaderInfo = leaderInfo;
    const proposer = new RaftStoreProposer(this.raft);
    this.proposer = proposer;

    this.unwatch = this.followManagerAddresses();

    this.caForwarder = new CaForwarder(o.bundle, leaderInfo);
    this.controlForwarder = new ControlForwarder(o.bundle, leaderInfo);
    const ca = new CaService({
      store: this.store,
      proposer,
      leader: leaderInfo,
      authorizer,
      forwarder: this.caForwarder,
      logger: o.logger,
    });
    const plane = o.plane ?? embeddedPlane();
    this.plane = plane;
    this.eventPublisher = new EventPublisher(
      this.store,
      plane.events,
      o.logger.child({ component: 'events' }),
    );
    this.dispatcher = new DispatcherService({
      store: this.store,
      proposer,
      leader: leaderInfo,
      authorizer,
      logger: o.logger,
      logs: plane.logs,
      natsUrls: () => plane.natsUrls,
      // An explicit config (tests, benchmarks) wins; otherwise the cluster's, read each term.
      heartbeat:
        o.heartbeat ??
        (() => heartbeatConfigFromProto(this.store.find('cluster')[0]?.spec?.dispatcher ?? null)),
    });
    this.control = new ControlService({
      store: this.store,
      proposer,
      leader: leaderInfo,
      authorizer,
      logger: o.logger,
      readBarrier: () => this.raft.readBarrier(),
      forwarder: this.controlForwarder,
      logs: { bus: plane.logs, leaderOnly: !plane.shared },
      events: plane.events,
      raftMembers: () => {
        const s = this.raft.status();
        const reachable = new Set(s.confState.voters.filter((v) => isReachable(s, v)));
        return { voters: s.confState.voters, reachable };
      },
      newJoinToken: (role: 'worker' | 'manager') => {
        const digest = this.store.find('cluster')[0]?.rootCa?.caCertDigest ?? anchor.digest;
        return generateJoinToken(digest as typeof anchor.digest, role).text;
      },
    });
    const membership = new RaftMembershipService({
      store: this.store,
      leader: leaderInfo,
      members: this.members,
      authorizer,
      raft: this.raft,
      logger: o.logger,
    });
    const proto = loadCoveyProto().covey.v1;
    o.server.addService(proto.CAService.service, ca.handlers());
    o.server.addService(proto.ControlService.service, this.control.handlers());
    o.server.addService(proto.DispatcherService.service, this.dispatcher.handlers());
    o.server.addService(proto.RaftMembership.service, membership.handlers());

    // Fresh loop objects for every term: nothing a loop learned while leading may leak into a
    // later term (and a loop need not support start() after stop()).
    this.newLoops = () => [
      new RoleManager({
        store: this.store,
        proposer,
        members: this.members,
        raft: this.raft,
        logger: o.logger,
      }),
      new OrchestratorLoop({ store: this.store, proposer, logger: o.logger }),
      new SchedulerLoop({ store: this.store, proposer, logger: o.logger }),
      this.dispatcher.loop,
    ];
    leaderInfo.onLeaderChange(() => this.leadershipChanged());
  }

  /**
   * Managers learn each other's addresses from the store too (ManagerStatus, written by the leader),
   * which covers members added before the snapshot a restarted manager recovered from. A watcher
   * ended by a snapshot restore is reopened after a full pass.
   */
  private followManagerAddresses(): () => void {
    const members = this.members;
    const self = this.o.nodeId;
    let closed = false;
    let watcher = this.store.watch({ kinds: ['node'] });
    const learn = (node: { id: string; managerStatus: { addr: string } | null }): void => {
      const addr = node.managerStatus?.addr;
      if (addr && node.id !== self) members.set(node.id, addr);
    };
    void (async () => {
      while (!closed) {
        for (const node of this.store.find('node')) learn(node);
        try {
          for await (const ev of watcher) {
            if (ev.kind === 'node' && ev.action !== 'delete') learn(ev.object);
          }
        } catch {
          // resync (restore or overflow): read everything again
        }
        if (!closed) watcher = this.store.watch({ kinds: ['node'] });
      }
    })();
    return () => {
      closed = true;
      watcher.close();
    };
  }

  /** Opens (or creates) the Raft state under raftDir and registers the services on the server. */
  static async open(o: ManagerOptions): Promise<Manager> {
    const members = await MemberDirectory.open(o.raftDir);
    const raftParts = await openRaftStorage(o.raftDir, o.bootstrap ? { bootstrapVoters: [o.nodeId] } : {});
    return new Manager(o, { members, store: new MemoryStore(), raftParts });
  }

  /** Starts Raft; a sole voter campaigns at once instead of waiting out an election timeout. */
  start(): void {
    this.eventPublisher.start();
    this.raft.start();
    const cs = this.raft.status().confState;
    if (cs.voters.length === 1 && cs.voters[0] === this.o.nodeId) this.raft.campaign();
  }

  isLeader(): boolean {
    return this.raft.isLeader();
  }

  private confChanged(cc: ConfChange, _cs: ConfState): void {
    if (cc.type === ConfChangeType.RemoveNode) {
      this.members.delete(cc.nodeId);
      if (cc.nodeId === this.o.nodeId) {
        this.log.info('this manager was removed from the raft group');
        this.o.onRemoved?.();
      }
      return;
    }
    if (cc.context.length > 0) this.members.set(cc.nodeId, Buffer.from(cc.context).toString());
  }

  private leadershipChanged(): void {
    const lead = this.raft.isLeader() && !this.stopped;
    if (lead === this.leading) return;
    this.leading = lead;
    this.leadership = this.leadership.then(() => (lead ? this.becomeLeader() : this.stepDown()));
  }

  private async becomeLeader(): Promise<void> {
    // The store must reflect every entry committed before this term before a loop reads it, or the
    // orchestrator would re-create tasks that already exist: the ReadIndex barrier waits for this
    // term's first entry to commit and apply.
    try {
      await this.raft.readBarrier();
    } catch (err) {
      this.log.warn({ err }, 'lost leadership before the store caught up');
      return;
    }
    if (!this.leading || this.stopped) return;
    if (this.o.bootstrap && this.store.find('cluster').length === 0) {
      try {
        await this.proposer.propose([
          { createCluster: this.o.bootstrap.cluster },
          { createNode: this.o.bootstrap.node },
        ]);
      } catch (err) {
        this.log.error({ err }, 'could not write the initial cluster objects');
      }
    }
    this.log.info(
      { term: this.raft.status().term },
      'became leader: starting orchestrator, scheduler, dispatcher',
    );
    this.loops = this.newLoops();
    for (const loop of this.loops) loop.start();
  }

  private async stepDown(): Promise<void> {
    this.log.info('no longer leader: stopping the leader loops');
    await Promise.all(this.loops.map((l) => l.stop().catch(() => undefined)));
  }

  /**
   * Stops cleanly: a leader first hands leadership to an up-to-date voter (so the cluster does not
   * wait out an election timeout), then the loops, services and Raft stop.
   */
  async stop(options: { readonly handOff?: boolean } = {}): Promise<void> {
    if (this.stopped) return;
    if (options.handOff !== false && this.raft.isLeader()) await this.handOff();
    this.stopped = true;
    this.unwatch();
    this.leading = false;
    // Raft first: a member that keeps heartbeating while its loops wind down would hold the
    // others back from electing a new leader. The loops' pending proposals then fail at once.
    await this.raft.stop();
    await this.transport.close();
    await this.leadership.catch(() => undefined);
    await Promise.all(this.loops.map((l) => l.stop().catch(() => undefined)));
    this.dispatcher.close();
    this.control.close();
    await this.eventPublisher.stop();
    this.controlForwarder.close();
    this.caForwarder.close();
    await this.members.flush();
    // A demoted daemon goes on as a worker on the same server: take the manager's services off it.
    const proto = loadCoveyProto().covey.v1;
    for (const svc of [
      proto.CAService,
      proto.ControlService,
      proto.DispatcherService,
      proto.RaftMembership,
      proto.RaftService,
    ]) {
      this.o.server.removeService(svc.service);
    }
  }

  private async handOff(): Promise<void> {
    const s = this.raft.status();
    const target = upToDateVoter(s, s.id);
    if (!target) return;
    this.raft.transferLeadership(target);
    const deadline = Date.now() + 2_000;
    while (this.raft.isLeader() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    this.log.info({ to: target, done: !this.raft.isLeader() }, 'handed leadership off before stopping');
  }
}
