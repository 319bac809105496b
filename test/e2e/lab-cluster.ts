// In-process lab clusters for the integration tests: real daemons (gRPC + mTLS on loopback, WALs
// in temp dirs, hollow agents), started with --init/--join exactly as an operator would.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import { ControlClient } from '../../cli/control-client.ts';
import type { RuntimeChoice } from '../../cli/daemon/runtime-choices.ts';
import { Daemon, type DaemonOptions } from '../../cli/daemon/daemon.ts';
import { readClientBundle } from '../../pki/client-bundle.ts';
import type { TlsBundle } from '../../pki/tls-bundle.ts';
import { NodeState } from '../../proto/gen/covey/v1/NodeState.ts';
import { freePort } from '../../scripts/lab/free-port.ts';
import { waitFor } from '../../scripts/lab/wait-for.ts';
import type { HeartbeatConfig } from '../../manager/dispatcher/heartbeat-period.ts';

export { freePort, waitFor };

export interface LabOptions {
  readonly managers: number;
  readonly workers: number;
  readonly tickMs?: number;
  readonly snapshotEvery?: number;
  readonly heartbeat?: HeartbeatConfig;
  readonly logger?: Logger;
  /** Managers keep logs and events in NATS at this URL; default the embedded buses. */
  readonly nats?: string;
  /** Executors of managers (m…) and workers (w…); default hollow for both. */
  readonly runtime?: { readonly manager: RuntimeChoice; readonly worker: RuntimeChoice };
  /** `covey daemon --label` of some nodes, by name (m1, w2, ...). */
  readonly labels?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export interface LabNode {
  readonly name: string;
  readonly dataDir: string;
  readonly addr: string;
  daemon: Daemon | undefined;
}

export class LabCluster {
  readonly nodes: LabNode[] = [];
  admin!: TlsBundle;
  private client: ControlClient | undefined;
  private readonly logger: Logger;

  private constructor(
    readonly root: string,
    private readonly o: LabOptions,
  ) {
    this.logger = o.logger ?? pino({ level: process.env.COVEY_TEST_LOG ?? 'silent' });
  }

  static async start(o: LabOptions): Promise<LabCluster> {
    const lab = new LabCluster(await mkdtemp(join(tmpdir(), 'covey-lab-')), o);
    try {
      const first = await lab.addNode('m1', { init: true });
      lab.admin = await readClientBundle(join(first.dataDir, 'client'), { now: new Date() });
      // Not lab.control(): that client is made once, with every manager's address.
      const viaFirst = new ControlClient([first.addr], lab.admin);
      const tokens = await waitFor(
        async () => (await viaFirst.getCluster()).cluster?.rootCa?.joinTokens ?? undefined,
        'join tokens',
      ).finally(() => viaFirst.close());
      for (let i = 2; i <= o.managers; i++) {
        await lab.addNode(`m${i}`, { join: { addr: first.addr, token: tokens.manager } });
        await waitFor(
          () => first.daemon?.manager?.raft.status().confState.voters.length === i,
          `m${i} to become a voter`,
        );
      }
      for (let i = 1; i <= o.workers; i++) {
        await lab.addNode(`w${i}`, { join: { addr: first.addr, token: tokens.worker } });
      }
    } catch (err) {
      await lab.stop();
      throw err;
    }
    return lab;
  }

  async addNode(name: string, how: Pick<DaemonOptions, 'init' | 'join'>): Promise<LabNode> {
    const port = await freePort();
    const node: LabNode = {
      name,
      dataDir: join(this.root, name),
      addr: `127.0.0.1:${port}`,
      daemon: undefined,
    };
    this.nodes.push(node);
    node.daemon = await Daemon.start(this.options(node, how));
    return node;
  }

  /** Starts a stopped node again from its data dir. */
  async restart(node: LabNode): Promise<void> {
    node.daemon = await Daemon.start(this.options(node, {}));
  }

  private options(node: LabNode, how: Pick<DaemonOptions, 'init' | 'join'>): DaemonOptions {
    return {
      dataDir: node.dataDir,
      listen: node.addr,
      http: null,
      runtime: (node.name.startsWith('w') ? this.o.runtime?.worker : this.o.runtime?.manager) ?? 'hollow',
      hostname: node.name,
      logger: this.logger.child({ lab: node.name }),
      tickMs: this.o.tickMs ?? 50,
      ...(this.o.snapshotEvery ? { snapshotEvery: this.o.snapshotEvery } : {}),
      ...(this.o.heartbeat ? { heartbeat: this.o.heartbeat } : {}),
      ...(this.o.nats ? { nats: this.o.nats } : {}),
      ...(this.o.labels?.[node.name] ? { labels: this.o.labels[node.name] } : {}),
      ...how,
    };
  }

  /** Waits until the cluster lists `count` nodes, all READY. */
  async allReady(count = this.nodes.length): Promise<void> {
    await waitFor(async () => {
      const { nodes } = await this.control().listNodes();
      return nodes.length === count && nodes.every((n) => n.status?.state === NodeState.NODE_STATE_READY);
    }, `all ${count} nodes READY`);
  }

  managers(): LabNode[] {
    return this.nodes.filter((n) => n.daemon?.manager !== undefined);
  }

  leader(): LabNode | undefined {
    return this.nodes.find((n) => n.daemon?.manager?.isLeader());
  }

  byNodeId(id: string): LabNode | undefined {
    return this.nodes.find((n) => n.daemon?.nodeId === id);
  }

  /** A control client over every manager's address (fails over like the CLI). */
  control(): ControlClient {
    this.client ??= new ControlClient(
      this.nodes.filter((n) => n.name.startsWith('m')).map((n) => n.addr),
      this.admin,
    );
    return this.client;
  }

  async stopNode(node: LabNode): Promise<void> {
    await node.daemon?.stop();
    node.daemon = undefined;
  }

  /** Stops the node abruptly: no leadership hand-off, no goodbye to the managers. */
  async crashNode(node: LabNode): Promise<void> {
    await node.daemon?.halt();
    node.daemon = undefined;
  }

  async stop(): Promise<void> {
    this.client?.close();
    await Promise.all(this.nodes.map((n) => n.daemon?.halt().catch(() => undefined)));
    await rm(this.root, { recursive: true, force: true });
  }
}
