// A local cluster of real `covey daemon` processes on loopback (each with its own data dir, gRPC and
// HTTP port): what the demo runs and what the process-level tests kill. The first manager runs
// --init; the others join with the tokens it prints through the control API.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ControlClient } from '../../cli/control-client.ts';
import { COVEY_BIN } from '../../cli/lab/covey-bin.ts';
import { daemonArgs } from '../../cli/lab/daemon-args.ts';
import { type DaemonHealth, fetchDaemonHealth } from '../../cli/lab/daemon-health.ts';
import { untilServing } from '../../cli/lab/daemon-serving.ts';
import { freePort } from '../../cli/lab/free-port.ts';
import { waitForJoinTokens } from '../../cli/lab/join-tokens.ts';
import { readClientBundle } from '../../pki/client-bundle.ts';
import type { TlsBundle } from '../../pki/tls-bundle.ts';

export { COVEY_BIN, type DaemonHealth };

/**
 * Every daemon this process started and that still runs. When this process exits — a test file that
 * failed before its teardown, a Ctrl-C'd demo — they are killed with it rather than left behind.
 */
const LIVE_CHILDREN = new Set<ChildProcess>();
const killChildren = (): void => {
  for (const child of LIVE_CHILDREN) child.kill('SIGKILL');
};
process.once('exit', killChildren);
// A test file killed by its runner (a timeout: SIGTERM) runs no 'exit' handler: kill the daemons,
// then let the signal do what it would have done.
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
  process.once(signal, () => {
    killChildren();
    process.kill(process.pid, signal);
  });
}

export interface ClusterProcess {
  readonly name: string;
  readonly addr: string;
  readonly http: string;
  readonly dataDir: string;
  child: ChildProcess | undefined;
  /** Everything the daemon wrote to stderr (its JSON log). */
  log: string;
}

export class ProcessCluster {
  readonly nodes: ClusterProcess[] = [];
  admin!: TlsBundle;
  private client: ControlClient | undefined;
  /** Flags of each node's role, given again when it restarts. */
  private readonly roleArgs = new Map<ClusterProcess, readonly string[]>();

  constructor(
    readonly root: string,
    private readonly extraArgs: readonly string[] = [],
  ) {}

  /**
   * m1 --init, then managers m2.. and workers w1.. joining it; `roleArgs` adds flags per role (e.g.
   * managers `--runtime none`, workers `--runtime docker`).
   */
  async start(
    managers: number,
    workers: number,
    roleArgs: { readonly manager?: readonly string[]; readonly worker?: readonly string[] } = {},
  ): Promise<void> {
    await mkdir(this.root, { recursive: true });
    const m = roleArgs.manager ?? [];
    const w = roleArgs.worker ?? [];
    const m1 = await this.add('m1');
    this.roleArgs.set(m1, m);
    await this.run(m1, ['--init']);
    this.admin = await readClientBundle(join(m1.dataDir, 'client'), { now: new Date() });
    const tokens = await waitForJoinTokens(m1.addr, this.admin);
    for (let i = 2; i <= managers; i++) {
      const p = await this.add(`m${i}`);
      this.roleArgs.set(p, m);
      await this.run(p, ['--join', m1.addr, '--token', tokens.manager]);
    }
    for (let i = 1; i <= workers; i++) {
      const p = await this.add(`w${i}`);
      this.roleArgs.set(p, w);
      await this.run(p, ['--join', m1.addr, '--token', tokens.worker]);
    }
  }

  private async add(name: string): Promise<ClusterProcess> {
    const p: ClusterProcess = {
      name,
      addr: `127.0.0.1:${await freePort()}`,
      http: `127.0.0.1:${await freePort()}`,
      dataDir: join(this.root, name),
      child: undefined,
      log: '',
    };
    this.nodes.push(p);
    return p;
  }

  /** Starts (or restarts, from its data dir) a daemon; resolves once it serves /healthz. */
  async run(p: ClusterProcess, args: readonly string[] = []): Promise<void> {
    const child = spawn(
      COVEY_BIN,
      daemonArgs(p, [...this.extraArgs, ...(this.roleArgs.get(p) ?? []), ...args]),
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    p.child = child;
    LIVE_CHILDREN.add(child);
    child.once('exit', () => LIVE_CHILDREN.delete(child));
    child.stderr?.on('data', (d: Buffer) => {
      p.log += d.toString();
    });
    await untilServing({
      name: p.name,
      http: p.http,
      child,
      timeoutMs: 30_000,
      logTail: () => p.log.slice(-2000),
    });
  }

  health(p: ClusterProcess): Promise<DaemonHealth | undefined> {
    return fetchDaemonHealth(p.http);
  }

  managers(): ClusterProcess[] {
    return this.nodes.filter((n) => n.name.startsWith('m'));
  }

  async leader(among: readonly ClusterProcess[] = this.managers()): Promise<ClusterProcess | undefined> {
    for (const p of among) if (p.child && (await this.health(p))?.raft?.isLeader) return p;
    return undefined;
  }

  control(addrs: readonly string[] = this.managers().map((m) => m.addr)): ControlClient {
    if (addrs.length === this.managers().length) {
      this.client ??= new ControlClient(addrs, this.admin);
      return this.client;
    }
    return new ControlClient(addrs, this.admin);
  }

  kill(p: ClusterProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = p.child;
    p.child = undefined;
    if (!child || child.exitCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  }

  /** SIGTERM to every daemon (a clean stop), SIGKILL to any still running after 10 s. */
  async stop(): Promise<void> {
    this.client?.close();
    await Promise.all(
      this.nodes.map(async (p) => {
        const child = p.child;
        if (!child || child.exitCode !== null) return;
        const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await this.kill(p, 'SIGTERM');
        clearTimeout(t);
      }),
    );
  }
}
