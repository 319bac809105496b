// One covey daemon: the gRPC server (one port for every service), the manager component when this
// node is a manager, the agent (unless --runtime none), and the HTTP port. Starts a new cluster
// (--init), joins one (--join), or resumes from its data dir; stops cleanly on request.
import { mkdir, rm } from 'node:fs/promises';
import * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import type { HeartbeatConfig } from '../../manager/dispatcher/heartbeat-period.ts';
import { Manager } from '../../manager/manager.ts';
import { joinRaft } from './raft-join.ts';
import { RAFT_SERVER_OPTIONS } from '../../manager/raftnode/transport/transport-options.ts';
import { readClientBundle, writeClientBundle } from '../../pki/client-bundle.ts';
import { serverCredentials } from '../../pki/grpc-credentials.ts';
import type { NodeIdentity } from '../../pki/node-identity.ts';
import type { TlsBundle } from '../../pki/tls-bundle.ts';
import { TlsCertificateSource } from '../../pki/tls-certificate-source.ts';
import type { NodeAvailability } from '../../proto/gen/covey/v1/NodeAvailability.ts';
import { NodeRole } from '../../proto/gen/covey/v1/NodeRole.ts';
import { UsageError } from '../usage-error.ts';
import { renewCertificate } from './certificate-renewal.ts';
import { msUntilRenewal } from '../../pki/renewal.ts';
import type { Agent } from '../../agent/session/agent.ts';
import { AgentMemory } from './agent-memory.ts';
import { openMessagePlane } from './message-plane-choice.ts';
import { NodeAgent } from './node-agent.ts';
import { createExecutor } from './runtime-choice.ts';
import type { RuntimeChoice } from './runtime-choices.ts';
import { initCluster } from './cluster-init.ts';
import { joinCluster } from './cluster-join.ts';
import { createDataDir, type DataDir, dataDirLayout, inspectDataDir, markInitialised } from './data-dir.ts';
import { daemonMetrics } from './daemon-metrics.ts';
import { HttpServer } from './http-server.ts';

export interface DaemonOptions {
  readonly dataDir: string;
  /** host:port the gRPC server binds (port 0: any free port). */
  readonly listen: string;
  /** host:port others reach this daemon at; default: the listen address (with the bound port). */
  readonly advertise?: string;
  /** host:port of the HTTP port; null: none. */
  readonly http: string | null;
  readonly init?: boolean;
  readonly join?: { readonly addr: string; readonly token: string };
  readonly availability?: NodeAvailability;
  /** The executor for this node's tasks (runtime-choice.ts); 'none' runs none (the node stays READY). */
  readonly runtime: RuntimeChoice;
  /** Reported as node.hostname (default: the OS hostname); lab clusters on one machine set it. */
  readonly hostname?: string;
  readonly logger: Logger;
  readonly tickMs?: number;
  /** Raft snapshot every this many entries (default 10,000). */
  readonly snapshotEvery?: number;
  readonly heartbeat?: HeartbeatConfig;
  /** Where a manager keeps logs and events: NATS URLs (comma-separated) or 'auto'; absent: embedded. */
  readonly nats?: string;
  /**
   * `--label`: this daemon's engine labels (`engine.labels.KEY` in constraints), reported in the
   * node description at every start, over any the Docker engine has under the same key.
   */
  readonly labels?: Readonly<Record<string, string>>;
}

export class Daemon {
  manager: Manager | undefined;
  nodeAgent: NodeAgent | undefined;

  /** The agent's session with the managers, when this node runs tasks. */
  get agent(): Agent | undefined {
    return this.nodeAgent?.agent;
  }
  private http: HttpServer | undefined;
  private stopping: Promise<void> | undefined;
  /** A promotion or demotion in progress (one at a time). */
  private switching: Promise<void> | undefined;
  private renewalTimer: NodeJS.Timeout | undefined;
  /** Closes the manager's log and event plane (a NATS connection, a nats-server it started). */
  private closePlane: (() => Promise<void>) | undefined;

  private constructor(
    public identity: NodeIdentity,
    private bundle: TlsBundle,
    readonly grpcPort: number,
    readonly advertiseAddr: string,
    private readonly server: grpc.Server,
    private readonly source: TlsCertificateSource,
    private readonly dirs: DataDir,
    private readonly o: DaemonOptions,
    private readonly log: Logger,
  ) {}

  get nodeId(): string {
    return this.identity.nodeId;
  }

  static async start(o: DaemonOptions): Promise<Daemon> {
    const log = o.logger;
    const state = await inspectDataDir(o.dataDir);
    let dirs: DataDir = dataDirLayout(o.dataDir);
    let bootstrap: Parameters<typeof Manager.open>[0]['bootstrap'];
    let joinAddr: string | undefined;
    const availability = o.availability ?? 0;
    const listenPort = portOf(o.listen);
    if (o.init || o.join) {
      if (state === 'initialised') {
        throw new UsageError(
          `${o.dataDir} already holds a node of a cluster; start without --${o.init ? 'init' : 'join'} to resume it, or use another --data-dir`,
        );
      }
      if (o.init && listenPort === 0 && !o.advertise) {
        throw new UsageError(
          '--init with --listen port 0 needs --advertise host:port (other nodes must know where to reach this one)',
        );
      }
    } else if (state !== 'initialised') {
      throw new UsageError(
        `${o.dataDir} holds no covey node: start a new cluster with --init or join one with --join ADDR --token T`,
      );
    }
    const advertiseFor = (port: number): string => o.advertise ?? `${hostOf(o.listen)}:${port}`;
    if (o.init) {
      dirs = await createDataDir(o.dataDir);
      const init = await initCluster({ advertiseAddr: advertiseFor(listenPort), availability });
      await writeClientBundle(dirs.certs, init.node);
      await writeClientBundle(dirs.client, init.admin);
      await markInitialised(dirs);
      bootstrap = { cluster: init.cluster, node: init.nodeObject };
      log.info(
        { nodeId: init.nodeId, clusterId: init.cluster.id, adminBundle: dirs.client },
        'initialised a new cluster',
      );
      process.stderr.write(
        `\ncovey cluster initialised. Join more nodes with:\n` +
          `  worker:  covey daemon --data-dir DIR --listen HOST:PORT --join ${advertiseFor(listenPort)} --token ${init.tokens.worker}\n` +
          `  manager: covey daemon --data-dir DIR --listen HOST:PORT --join ${advertiseFor(listenPort)} --token ${init.tokens.manager}\n` +
          `Admin client bundle: ${dirs.client}\n\n`,
      );
    } else if (o.join) {
      const joined = await joinCluster({ managerAddr: o.join.addr, token: o.join.token, availability });
      dirs = await createDataDir(o.dataDir);
      await writeClientBundle(dirs.certs, joined.bundle);
      await markInitialised(dirs);
      joinAddr = o.join.addr;
      log.info({ nodeId: joined.nodeId, role: joined.role }, 'joined the cluster');
    }
    const checked = await readClientBundle(dirs.certs, { now: new Date() });
    const bundle: TlsBundle = { caCert: checked.caCert, cert: checked.cert, key: checked.key };
    const identity = checked.identity;
    const memory = await AgentMemory.open(dirs.agent);
    if (joinAddr) await memory.remember([joinAddr]);

    const server = new grpc.Server({ ...RAFT_SERVER_OPTIONS });
    const source = new TlsCertificateSource(bundle);
    // The port must be known before the manager starts (it is this member's Raft address).
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(o.listen, serverCredentials(source, { requireClientCert: false }), (err, p) =>
        err ? reject(new UsageError(`cannot listen on ${o.listen}: ${err.message}`)) : resolve(p),
      ),
    );
    const advertiseAddr = advertiseFor(port);
    const nlog = log.child({ nodeId: identity.nodeId });
    const daemon = new Daemon(identity, bundle, port, advertiseAddr, server, source, dirs, o, nlog);

    if (identity.role === 'manager') await daemon.startManager(bootstrap, joinAddr ? [joinAddr] : undefined);

    const executor = await createExecutor(o.runtime, {
      nodeId: identity.nodeId,
      agentDir: dirs.agent,
      logger: nlog,
    }).catch(async (err: unknown) => {
      await daemon.stop();
      throw err;
    });
    const managers = [...(identity.role === 'manager' ? [advertiseAddr] : []), ...memory.managers()];
    daemon.nodeAgent = await NodeAgent.start({
      executor,
      nodeId: identity.nodeId,
      bundle,
      managers,
      ...(o.hostname === undefined ? {} : { hostname: o.hostname }),
      ...(o.labels === undefined ? {} : { engineLabels: o.labels }),
      agentDir: dirs.agent,
      logger: nlog,
      onManagers: (peers) => void memory.remember(peers.map((p) => p.addr)),
      onNode: (node) => daemon.nodeChanged(node.role),
    });

    if (o.http !== null) {
      const http = new HttpServer(daemonMetrics(daemon));
      const httpAddr = o.http;
      try {
        await http.listen(httpAddr);
      } catch (err) {
        await daemon.stop();
        throw new UsageError(`cannot listen on ${httpAddr} for HTTP: ${(err as Error).message}`);
      }
      daemon.http = http;
    }
    daemon.scheduleRenewal();
    nlog.info({ grpc: advertiseAddr, role: identity.role }, 'daemon started');
    return daemon;
  }

  /** Starts the manager component; `joinVia`: add this manager to the Raft group through them. */
  private async startManager(
    bootstrap: Parameters<typeof Manager.open>[0]['bootstrap'],
    joinVia: readonly string[] | undefined,
  ): Promise<void> {
    const o = this.o;
    const opened = await openMessagePlane(o.nats, {
      nodeId: this.identity.nodeId,
      dataDir: o.dataDir,
      logger: this.log,
    });
    this.closePlane = opened.close;
    const manager = await Manager.open({
      plane: opened.plane,
      nodeId: this.identity.nodeId,
      raftDir: this.dirs.raft,
      advertiseAddr: this.advertiseAddr,
      bundle: this.bundle,
      server: this.server,
      logger: this.log,
      onRemoved: () => this.nodeChanged(NodeRole.NODE_ROLE_WORKER, true),
      ...(bootstrap ? { bootstrap } : {}),
      ...(o.tickMs ? { tickMs: o.tickMs } : {}),
      ...(o.snapshotEvery ? { snapshotEvery: o.snapshotEvery } : {}),
      ...(o.heartbeat ? { heartbeat: o.heartbeat } : {}),
    });
    manager.start();
    this.manager = manager;
    if (joinVia) {
      const members = await joinRaft({
        bundle: this.bundle,
        managers: joinVia,
        advertiseAddr: this.advertiseAddr,
      });
      for (const m of members) if (m.addr) manager.members.set(m.nodeId, m.addr);
      this.log.info({ members: members.length }, 'joined the raft group as a learner');
    }
  }

  /**
   * The node's role as the managers see it (session messages) or Raft's word that this member was
   * removed: promotion starts the manager component, demotion stops it. The daemon keeps running
   * and its tasks keep running (Swarm's model).
   */
  nodeChanged(role: number, removedFromRaft = false): void {
    if (this.stopping || this.switching) return;
    if (role === NodeRole.NODE_ROLE_MANAGER && !this.manager) {
      this.switching = this.promote().finally(() => {
        this.switching = undefined;
      });
    } else if (role === NodeRole.NODE_ROLE_WORKER && this.manager && removedFromRaft) {
      this.switching = this.demote().finally(() => {
        this.switching = undefined;
      });
    }
  }

  private managerAddrs(): string[] {
    return [
      ...new Set((this.nodeAgent?.agent.knownManagers() ?? []).map((p) => p.addr).filter((a) => a !== '')),
    ];
  }

  private async installBundle(bundle: TlsBundle, identity: NodeIdentity): Promise<void> {
    await writeClientBundle(this.dirs.certs, bundle);
    this.bundle = bundle;
    this.identity = identity;
    this.source.update(bundle);
    this.nodeAgent?.agent.setBundle(bundle);
    this.scheduleRenewal();
  }

  /**
   * Renews the certificate once 50–80% of its lifetime has passed (a per-renewal random point, as
   * Swarm does, so a fleet does not renew at once); a failed renewal is retried in a minute.
   */
  private scheduleRenewal(): void {
    if (this.renewalTimer) clearTimeout(this.renewalTimer);
    if (this.stopping) return;
    const delay = msUntilRenewal(this.identity, new Date(), 0.5 - 0.3 * Math.random());
    // setTimeout takes at most 2^31-1 ms (~24.8 days): longer waits re-arm.
    const step = Math.min(delay, 2 ** 31 - 1);
    this.renewalTimer = setTimeout(() => {
      if (step < delay) {
        this.scheduleRenewal();
        return;
      }
      renewCertificate({ bundle: this.bundle, managers: this.managerAddrs(), wantRole: this.identity.role })
        .then((r) => this.installBundle(r.bundle, r.identity))
        .then(() => this.log.info({ notAfter: this.identity.notAfter }, 'renewed the node certificate'))
        .catch((err: unknown) => {
          this.log.warn({ err }, 'certificate renewal failed; retrying in a minute');
          this.renewalTimer = setTimeout(() => this.scheduleRenewal(), 60_000);
          this.renewalTimer.unref();
        });
    }, step);
    this.renewalTimer.unref();
  }

  private async promote(): Promise<void> {
    try {
      this.log.info('promoted: renewing the certificate as a manager and joining raft');
      const renewed = await renewCertificate({
        bundle: this.bundle,
        managers: this.managerAddrs(),
        wantRole: 'manager',
      });
      await this.installBundle(renewed.bundle, renewed.identity);
      await rm(this.dirs.raft, { recursive: true, force: true });
      await mkdir(this.dirs.raft, { recursive: true, mode: 0o700 });
      await this.startManager(undefined, this.managerAddrs());
    } catch (err) {
      this.log.error({ err }, 'promotion failed; will retry on the next node update');
    }
  }

  private async demote(): Promise<void> {
    try {
      this.log.info('demoted: stopping the manager component');
      const manager = this.manager;
      this.manager = undefined;
      await manager?.stop({ handOff: false });
      await this.closePlane?.();
      this.closePlane = undefined;
      await rm(this.dirs.raft, { recursive: true, force: true });
      await mkdir(this.dirs.raft, { recursive: true, mode: 0o700 });
      const renewed = await renewCertificate({
        bundle: this.bundle,
        managers: this.managerAddrs(),
        wantRole: 'worker',
      });
      await this.installBundle(renewed.bundle, renewed.identity);
    } catch (err) {
      this.log.error({ err }, 'demotion did not complete');
    }
  }

  /** Stops: hands off Raft leadership, closes sessions, flushes the log. Tasks keep running. */
  stop(): Promise<void> {
    return this.shutdown(true);
  }

  /**
   * Stops at once, as close to a crash as a process can do to itself: no leadership hand-off and
   * connections cut (what is already fsynced stays, as after kill -9).
   */
  halt(): Promise<void> {
    this.server.forceShutdown();
    return this.shutdown(false);
  }

  private shutdown(graceful: boolean): Promise<void> {
    this.stopping ??= (async () => {
      this.log.info({ graceful }, 'stopping');
      await this.switching?.catch(() => undefined);
      if (this.renewalTimer) clearTimeout(this.renewalTimer);
      await this.nodeAgent?.stop().catch(() => undefined);
      await this.manager
        ?.stop({ handOff: graceful })
        .catch((err: unknown) => this.log.warn({ err }, 'manager stop failed'));
      await this.closePlane?.().catch((err: unknown) => this.log.warn({ err }, 'log plane close failed'));
      await this.http?.close();
      await new Promise<void>((resolve) => {
        this.server.tryShutdown(() => resolve());
        setTimeout(() => {
          this.server.forceShutdown();
          resolve();
        }, 2_000).unref();
      });
    })();
    return this.stopping;
  }
}

function portOf(addr: string): number {
  const port = Number(addr.slice(addr.lastIndexOf(':') + 1));
  if (!Number.isInteger(port) || port < 0 || port > 65535 || !addr.includes(':')) {
    throw new UsageError(`"${addr}" is not host:port`);
  }
  return port;
}

function hostOf(addr: string): string {
  return addr.slice(0, addr.lastIndexOf(':'));
}
