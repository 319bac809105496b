// The cluster of the scheduler benchmark's end-to-end part: three managers started in this process
// as daemons (--init, then --join with the manager token; no agent of their own, so every task goes
// to a hollow agent) and N hollow agents (scheduler-e2e-agents.ts), each with its own worker
// certificate from the real join flow and its own mTLS connection to the managers.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { KeepaliveOptions } from '../agent/session/dispatcher-client.ts';
import { ControlClient } from '../cli/control-client.ts';
import { Daemon } from '../cli/daemon/daemon.ts';
import type { HeartbeatConfig } from '../manager/dispatcher/heartbeat-period.ts';
import { readClientBundle } from '../pki/client-bundle.ts';
import type { TlsBundle } from '../pki/tls-bundle.ts';
import { NodeRole } from '../proto/gen/covey/v1/NodeRole.ts';
import { NodeState } from '../proto/gen/covey/v1/NodeState.ts';
import { type Fleet, HollowFleet } from './scheduler-e2e-agents.ts';
import { ForkedFleet } from './scheduler-e2e-agents-process.ts';
import { freePort } from '../scripts/lab/free-port.ts';
import { waitFor as labWaitFor } from '../scripts/lab/wait-for.ts';

export interface BenchClusterOptions {
  readonly agents: number;
  /** Joins (CSR + certificate + Node creation) in flight at once. */
  readonly joinConcurrency: number;
  readonly logger: Logger;
  /** Called with progress lines (one JSON object each). */
  readonly report: (line: object) => void;
  /** Agents' HTTP/2 keepalive (default: the agent's, a PING every second). */
  readonly keepalive?: KeepaliveOptions;
  /** The dispatchers' heartbeat timing (default: the cluster's, 500 heartbeats/s at most). */
  readonly heartbeat?: HeartbeatConfig;
  /** Runs the agents in a child process (the machine's other core) instead of this one. */
  readonly agentsProcess?: boolean;
}

/** A wait that gave up; the benchmark exits non-zero with this message. */
export class BenchTimeoutError extends Error {
  override name = 'BenchTimeoutError';
  constructor(
    readonly what: string,
    readonly timeoutMs: number,
    readonly detail: string,
  ) {
    super(`timed out after ${timeoutMs} ms waiting for ${what}${detail ? ` (${detail})` : ''}`);
  }
}

/** Too few file descriptors for the connections the run opens. */
export class FdLimitError extends Error {
  override name = 'FdLimitError';
  constructor(
    readonly limit: number,
    readonly needed: number,
  ) {
    super(
      `ulimit -n is ${limit}; the run needs about ${needed} descriptors (two loopback sockets per agent, ` +
        'plus joins, WALs and the managers). Raise it (ulimit -n 65536) or use fewer agents',
    );
  }
}

interface ManagerNode {
  readonly name: string;
  readonly dataDir: string;
  readonly addr: string;
  readonly daemon: Daemon;
}

export class BenchCluster {
  readonly managers: ManagerNode[] = [];
  private fleet: Fleet | undefined;
  admin: TlsBundle | undefined;
  private client: ControlClient | undefined;
  private stopping: Promise<void> | undefined;

  private constructor(
    readonly root: string,
    private readonly o: BenchClusterOptions,
  ) {}

  /** Starts the managers only; join the agents with joinAgents(). Stops what it started on failure. */
  static async start(o: BenchClusterOptions): Promise<BenchCluster> {
    checkFdLimit(o.agents);
    const cluster = new BenchCluster(await mkdtemp(join(tmpdir(), 'covey-bench-')), o);
    try {
      await cluster.startManagers();
    } catch (err) {
      await cluster.stop();
      throw err;
    }
    return cluster;
  }

  private async startManagers(): Promise<void> {
    const m1 = await this.startManager('m1', { init: true });
    this.admin = await readClientBundle(join(m1.dataDir, 'client'), { now: new Date() });
    const tokens = await waitFor(
      async () => (await this.control().getCluster()).cluster?.rootCa?.joinTokens ?? undefined,
      'the join tokens',
      30_000,
    );
    for (const name of ['m2', 'm3']) {
      await this.startManager(name, { join: { addr: m1.addr, token: tokens.manager } });
      const voters = this.managers.length;
      await waitFor(
        () => m1.daemon.manager?.raft.status().confState.voters.length === voters || undefined,
        `${name} to become a voter`,
        30_000,
      );
    }
  }

  private async startManager(
    name: string,
    how: { init: true } | { join: { addr: string; token: string } },
  ): Promise<ManagerNode> {
    const addr = `127.0.0.1:${await freePort()}`;
    const dataDir = join(this.root, name);
    const daemon = await Daemon.start({
      dataDir,
      listen: addr,
      http: null,
      runtime: 'none',
      hostname: name,
      logger: this.o.logger.child({ bench: name }),
      ...(this.o.heartbeat ? { heartbeat: this.o.heartbeat } : {}),
      ...how,
    });
    const node = { name, dataDir, addr, daemon };
    this.managers.push(node);
    return node;
  }

  /**
   * Joins `o.agents` hollow agents (here, or in a child process with `o.agentsProcess`). Resolves once
   * every agent's first heartbeat was acknowledged and the leader's store shows every node READY.
   */
  async joinAgents(timeoutMs: number): Promise<{ joinMs: number; readyMs: number }> {
    const tokens = (await this.control().getCluster()).cluster?.rootCa?.joinTokens;
    if (!tokens) throw new Error('the cluster has no join tokens');
    const managers = this.managers.map((m) => m.addr);
    const onJoined = (joined: number): void => this.o.report({ phase: 'e2e_join_progress', joined });
    const started = performance.now();
    this.fleet = this.o.agentsProcess
      ? new ForkedFleet(
          {
            count: this.o.agents,
            managers,
            workerToken: tokens.worker,
            joinConcurrency: this.o.joinConcurrency,
            ...(this.o.keepalive ? { keepalive: this.o.keepalive } : {}),
            logLevel: this.o.logger.level,
          },
          onJoined,
        )
      : new HollowFleet({
          count: this.o.agents,
          managers,
          workerToken: tokens.worker,
          joinConcurrency: this.o.joinConcurrency,
          ...(this.o.keepalive ? { keepalive: this.o.keepalive } : {}),
          logger: this.o.logger,
          onJoined,
        });
    const fleet = this.fleet;
    await fleet.join();
    const joinMs = performance.now() - started;
    await withTimeout(
      fleet.ready(),
      timeoutMs,
      'every agent to hold a session',
      () => `${fleet.readyCount()}/${this.o.agents} ready`,
    );
    await waitFor(
      () => {
        const store = this.leader()?.daemon.manager?.store;
        if (!store) return undefined;
        // Workers only: the managers' own agents (`--runtime none`) report READY too.
        const ready = store
          .find('node', { state: NodeState.NODE_STATE_READY })
          .filter((n) => n.role === NodeRole.NODE_ROLE_WORKER).length;
        return ready >= this.o.agents || undefined;
      },
      `${this.o.agents} nodes READY in the leader's store`,
      timeoutMs,
    );
    return { joinMs, readyMs: performance.now() - started };
  }

  /** Resolves once every manager applied the log up to `commit`. */
  async caughtUp(commit: number, timeoutMs: number): Promise<void> {
    await waitFor(
      () => this.managers.every((m) => (m.daemon.manager?.raft.status().applied ?? 0) >= commit) || undefined,
      `every manager to apply index ${commit}`,
      timeoutMs,
    );
  }

  leader(): ManagerNode | undefined {
    return this.managers.find((m) => m.daemon.manager?.isLeader());
  }

  control(): ControlClient {
    if (!this.admin) throw new Error('the admin bundle is not read yet');
    this.client ??= new ControlClient(
      this.managers.map((m) => m.addr),
      this.admin,
    );
    return this.client;
  }

  /** Stops the agents, then the managers, then removes the data dirs (once, whoever asks). */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      await this.fleet?.stop().catch(() => undefined);
      this.client?.close();
      await Promise.all(this.managers.map((m) => m.daemon.stop().catch(() => undefined)));
      await rm(this.root, { recursive: true, force: true });
    })();
    return this.stopping;
  }
}

/** Refuses to start when the descriptor limit cannot carry every agent's connection. */
function checkFdLimit(agents: number): void {
  let limit = Number.POSITIVE_INFINITY;
  try {
    const out = execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim();
    if (out !== 'unlimited') limit = Number(out);
  } catch {
    return; // no shell: let the run find out
  }
  const needed = agents * 2 + 512;
  if (Number.isFinite(limit) && limit < needed) throw new FdLimitError(limit, needed);
}

/** The lab's waitFor, failing with the benchmark's own timeout error. */
export function waitFor<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  what: string,
  timeoutMs: number,
  everyMs = 50,
): Promise<T> {
  return labWaitFor(probe, what, timeoutMs, everyMs).catch((err: unknown) => {
    throw new BenchTimeoutError(what, timeoutMs, err instanceof Error ? err.message : String(err));
  });
}

async function withTimeout<T>(p: Promise<T>, ms: number, what: string, detail: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new BenchTimeoutError(what, ms, detail())), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
