// The cluster of the scheduler benchmark's end-to-end part, all in this process: three managers
// started as daemons (--init, then --join with the manager token; no agent of their own) and N
// hollow agents, each with its own worker certificate from the real join flow and its own mTLS
// connection to the managers. Agents are bare `Agent`s rather than daemons: a daemon per agent would
// add a gRPC server and a data dir each and measure nothing the scheduler path uses.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { HollowExecutor } from '../agent/executors/hollow-executor.ts';
import { Agent } from '../agent/session/agent.ts';
import { systemClock } from '../agent/worker/clock.ts';
import { ControlClient } from '../cli/control-client.ts';
import { joinCluster } from '../cli/daemon/cluster-join.ts';
import { Daemon } from '../cli/daemon/daemon.ts';
import { readClientBundle } from '../pki/client-bundle.ts';
import type { TlsBundle } from '../pki/tls-bundle.ts';
import { NodeAvailability } from '../proto/gen/covey/v1/NodeAvailability.ts';
import { NodeState } from '../proto/gen/covey/v1/NodeState.ts';

export interface BenchClusterOptions {
  readonly agents: number;
  /** Joins (CSR + certificate + Node creation) in flight at once. */
  readonly joinConcurrency: number;
  readonly logger: Logger;
  /** Called with progress lines (one JSON object each). */
  readonly report: (line: object) => void;
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
  readonly agents: Agent[] = [];
  admin: TlsBundle | undefined;
  private client: ControlClient | undefined;

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
      ...how,
    });
    const node = { name, dataDir, addr, daemon };
    this.managers.push(node);
    return node;
  }

  /**
   * Joins `o.agents` hollow agents: each fetches the CA, sends a CSR with the worker token and gets
   * its certificate (the CA writes its Node), then opens its session with the managers. Resolves
   * once every agent's first heartbeat was acknowledged and the leader's store shows every node READY.
   */
  async joinAgents(timeoutMs: number): Promise<{ joinMs: number; readyMs: number }> {
    const tokens = (await this.control().getCluster()).cluster?.rootCa?.joinTokens;
    if (!tokens) throw new Error('the cluster has no join tokens');
    const managerAddrs = this.managers.map((m) => m.addr);
    const started = performance.now();
    let next = 0;
    const joinOne = async (i: number): Promise<void> => {
      // Spread the joins over the managers: followers forward the issue to the leader, as in a real cluster.
      const via = managerAddrs[i % managerAddrs.length]!;
      const joined = await joinCluster({
        managerAddr: via,
        token: tokens.worker,
        availability: NodeAvailability.NODE_AVAILABILITY_ACTIVE,
      });
      const executor = new HollowExecutor({ clock: systemClock });
      const described = executor.describe();
      const hostname = `hollow-${String(i).padStart(4, '0')}`;
      const agent = new Agent({
        bundle: joined.bundle,
        managers: managerAddrs,
        description: () => ({
          hostname,
          platform: { os: 'linux', architecture: 'x86_64' },
          resources: described.resources,
          runtimes: [...described.runtimes],
          coveyVersion: '0.1.0',
        }),
        executor,
        logger: this.o.logger.child({ bench: hostname }),
      });
      this.agents.push(agent);
      agent.start();
    };
    const workers = Array.from({ length: Math.min(this.o.joinConcurrency, this.o.agents) }, async () => {
      while (next < this.o.agents) {
        const i = next++;
        await joinOne(i);
        if ((i + 1) % 200 === 0) this.o.report({ phase: 'e2e_join_progress', joined: i + 1 });
      }
    });
    await Promise.all(workers);
    const joinMs = performance.now() - started;
    await withTimeout(
      Promise.all(this.agents.map((a) => a.ready())),
      timeoutMs,
      'every agent to hold a session',
      () => `${this.agents.filter((a) => a.state() === 'ready').length}/${this.agents.length} ready`,
    );
    await waitFor(
      () => {
        const store = this.leader()?.daemon.manager?.store;
        if (!store) return undefined;
        const ready = store.find('node', { state: NodeState.NODE_STATE_READY }).length;
        // The managers run no agent: their own Node objects never become READY.
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

  /** Stops the agents (64 at a time), then the managers, then removes the data dirs. */
  async stop(): Promise<void> {
    const agents = this.agents.splice(0);
    for (let i = 0; i < agents.length; i += 64) {
      await Promise.all(agents.slice(i, i + 64).map((a) => a.stop().catch(() => undefined)));
    }
    this.client?.close();
    this.client = undefined;
    await Promise.all(this.managers.map((m) => m.daemon.stop().catch(() => undefined)));
    this.managers.length = 0;
    await rm(this.root, { recursive: true, force: true });
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

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export async function waitFor<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  what: string,
  timeoutMs: number,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      throw new BenchTimeoutError(what, timeoutMs, lastError instanceof Error ? lastError.message : '');
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
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
