// `covey lab up`: a cluster of detached `covey daemon` processes on loopback, recorded in
// <dir>/lab.json as they start (so `lab down` finds them even if this process is interrupted):
// m1 --init, the other managers one by one, the workers together; then waits until it is ready.
import type { ChildProcess } from 'node:child_process';
import { access, mkdir, writeFile } from 'node:fs/promises';
import { ControlClient } from '../control-client.ts';
import { readClientBundle } from '../../pki/client-bundle.ts';
import type { TlsBundle } from '../../pki/tls-bundle.ts';
import { UsageError } from '../usage-error.ts';
import { daemonArgs } from './daemon-args.ts';
import { DaemonExitedError, untilServing } from './daemon-serving.ts';
import { spawnDetachedDaemon } from './detached-daemon.ts';
import { waitForJoinTokens } from './join-tokens.ts';
import { tearDownLab } from './lab-down.ts';
import { LabAlreadyRunningError, LabDirOccupiedError, LabNotReadyError } from './lab-errors.ts';
import { adminClientDir, describeNodeRuntime, planLab } from './lab-plan.ts';
import { pickLabPorts, type PortRequest } from './lab-ports.ts';
import { processRef } from './lab-process.ts';
import { labReadiness, type Readiness } from './lab-ready.ts';
import { chooseLabRuntime, type ChosenRuntime, type LabRuntimeChoice } from './lab-runtime.ts';
import {
  LAB_STATE_VERSION,
  type LabNodeRecord,
  type LabState,
  labStatePath,
  readLabState,
  writeLabState,
} from './lab-state-file.ts';
import { runningParts } from './lab-status.ts';
import { stopLabDaemons } from './lab-stop.ts';
import { readLogTail } from './log-tail.ts';
import { WaitTimeoutError } from './wait-for.ts';

export interface LabUpOptions {
  /** Absolute. */
  readonly dir: string;
  readonly managers: number;
  readonly workers: number;
  readonly runtime: LabRuntimeChoice;
  readonly ports: PortRequest;
  /** For the whole start, until ready. */
  readonly timeoutMs: number;
  /** Progress, one line at a time. */
  readonly report: (line: string) => void;
  /** Things the operator should know that are not progress (a stale lab cleared). */
  readonly note: (line: string) => void;
  /** The `covey` program the daemons run (default: this checkout's). */
  readonly command?: string;
}

export interface LabUpResult {
  readonly dir: string;
  readonly state: LabState;
  readonly leader: string;
  readonly runtime: ChosenRuntime;
  /** Whether the ports are the fixed range asked for (false: any free ones). */
  readonly fixedPorts: boolean;
  readonly elapsedMs: number;
}

const READY_POLL_MS = 200;

export async function labUp(o: LabUpOptions): Promise<LabUpResult> {
  const started = Date.now();
  const deadline = started + o.timeoutMs;
  if (!Number.isInteger(o.managers) || o.managers < 1)
    throw new UsageError(`--managers must be a whole number of at least 1, not ${o.managers}`);
  if (!Number.isInteger(o.workers) || o.workers < 0)
    throw new UsageError(`--workers must be a whole number of at least 0, not ${o.workers}`);
  await clearStaleLab(o);
  const runtime = await chooseLabRuntime(o.runtime);
  o.report(`runtime: ${runtime.runtime} (${runtime.reason})`);
  const total = o.managers + o.workers;
  const ports = await pickLabPorts(total, o.ports);
  if (!ports.fixed && o.ports.kind === 'prefer')
    o.report(`ports ${o.ports.base}.. are in use: using free ports instead`);
  const nodes = planLab(
    o.dir,
    { managers: o.managers, workers: o.workers, runtime: runtime.runtime },
    ports.ports,
  );
  for (const n of nodes) if (await exists(n.folder)) throw new LabDirOccupiedError(n.folder);
  const first = nodes[0];
  if (first === undefined) throw new UsageError('a lab needs at least one manager');

  const lab = new LabRecorder(o.dir, {
    version: LAB_STATE_VERSION,
    createdAt: new Date(started).toISOString(),
    runtime: runtime.runtime,
    clientDir: adminClientDir(first),
    starter: await processRef(),
    nodes,
  });
  await lab.create();
  const children = new Map<string, ChildProcess>();
  try {
    const start = async (node: LabNodeRecord, join: readonly string[]): Promise<void> => {
      await mkdir(node.folder, { recursive: true, mode: 0o700 });
      const args = daemonArgs({ name: node.name, addr: node.grpc, http: node.http, dataDir: node.dataDir }, [
        '--runtime',
        node.runtime,
        '--availability',
        node.availability,
        ...join,
      ]);
      const daemon = await spawnDetachedDaemon(args, node.logPath, o.command);
      children.set(node.name, daemon.child);
      await lab.update(node.name, { process: daemon.ref });
      const health = await untilServing({
        name: node.name,
        http: node.http,
        child: daemon.child,
        timeoutMs: Math.max(0, deadline - Date.now()),
        logTail: () => readLogTail(node.logPath),
      });
      await lab.update(node.name, { nodeId: health.nodeId ?? '' });
      o.report(
        `${node.name} (${node.role}, ${describeNodeRuntime(node)}) serves at ${node.grpc}, pid ${daemon.ref.pid}`,
      );
    };

    await start(first, ['--init']);
    const admin = await readClientBundle(lab.state.clientDir, { now: new Date() });
    const tokens = await waitForJoinTokens(first.grpc, admin, Math.max(0, deadline - Date.now()));
    // Managers join one at a time (each is a Raft membership change); workers all at once, meanwhile.
    const managers = (async () => {
      for (const m of nodes.filter((n) => n.role === 'manager' && n !== first))
        await start(m, ['--join', first.grpc, '--token', tokens.manager]);
    })();
    const workers = nodes
      .filter((n) => n.role === 'worker')
      .map((w) => start(w, ['--join', first.grpc, '--token', tokens.worker]));
    // Every start is awaited before a failure is thrown, so that all of them are recorded to be stopped.
    const starts = await Promise.allSettled([managers, ...workers]);
    const failed = starts.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
    const leader = await untilReady(lab.state.nodes, admin, children, deadline, o.timeoutMs);
    await lab.update(undefined, {}, null);
    return {
      dir: o.dir,
      state: lab.state,
      leader,
      runtime,
      fixedPorts: ports.fixed,
      elapsedMs: Date.now() - started,
    };
  } catch (err) {
    // What started is stopped (daemon.log files stay for the post-mortem; `lab down` removes them).
    await stopLabDaemons(lab.state.nodes, 5_000);
    await lab.update(undefined, {}, null).catch(() => undefined);
    throw await asNotReady(err, lab.state.nodes, o.timeoutMs);
  }
}

/** A lab.json whose processes are all gone is torn down (its task workloads too); a live one refuses. */
async function clearStaleLab(o: LabUpOptions): Promise<void> {
  const existing = await readLabState(o.dir);
  if (existing === undefined) return;
  const running = await runningParts(existing);
  if (running.length > 0) throw new LabAlreadyRunningError(o.dir, running);
  await tearDownLab(o.dir, existing);
  o.note(`removed a stale lab from ${o.dir} (its daemons were gone)`);
}

async function untilReady(
  nodes: readonly LabNodeRecord[],
  admin: TlsBundle,
  children: ReadonlyMap<string, ChildProcess>,
  deadline: number,
  timeoutMs: number,
): Promise<string> {
  const client = new ControlClient(
    nodes.filter((n) => n.role === 'manager').map((n) => n.grpc),
    admin,
    2_000,
  );
  let last: Readiness | undefined;
  try {
    for (;;) {
      for (const n of nodes) {
        const child = children.get(n.name);
        if (child !== undefined && (child.exitCode !== null || child.signalCode !== null))
          throw new DaemonExitedError(n.name, child.exitCode, child.signalCode, await readLogTail(n.logPath));
      }
      last = await labReadiness(nodes, client);
      if (last.ready) return last.leader;
      if (Date.now() >= deadline) {
        const node = nodes.find((n) => n.name === (last?.ready === false ? last.node : ''));
        throw new LabNotReadyError(
          last.node,
          `${last.reason} after ${Math.round(timeoutMs / 1000)} s`,
          node?.logPath ?? '',
          node === undefined ? '' : await readLogTail(node.logPath),
        );
      }
      await new Promise((r) => setTimeout(r, READY_POLL_MS));
    }
  } finally {
    client.close();
  }
}

/** Failures of one node's start, said as which node and where its log is. */
async function asNotReady(
  err: unknown,
  nodes: readonly LabNodeRecord[],
  timeoutMs: number,
): Promise<unknown> {
  if (err instanceof DaemonExitedError) {
    const node = nodes.find((n) => n.name === err.node);
    return new LabNotReadyError(
      err.node,
      `exited while starting (${err.code ?? err.signal})`,
      node?.logPath ?? '',
      err.logTail,
      { cause: err },
    );
  }
  if (err instanceof WaitTimeoutError) {
    // untilServing names the node first in what it waited for; join tokens name none (m1's fault).
    const node = nodes.find((n) => err.what.startsWith(`${n.name} `)) ?? nodes[0];
    if (node !== undefined)
      return new LabNotReadyError(
        node.name,
        `was not ready after ${Math.round(timeoutMs / 1000)} s (waiting for ${err.what})`,
        node.logPath,
        await readLogTail(node.logPath),
        { cause: err },
      );
  }
  return err;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** The lab's state as it grows, written to lab.json at each change; the first write claims the file. */
class LabRecorder {
  /** Writes one after another, so an older state never lands over a newer one. */
  private writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly dir: string,
    public state: LabState,
  ) {}

  /** Creates lab.json, failing when another `lab up` created it first. */
  async create(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    try {
      await writeFile(labStatePath(this.dir), `${JSON.stringify(this.state, null, 2)}\n`, {
        flag: 'wx',
        mode: 0o600,
      });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST')
        throw new LabAlreadyRunningError(this.dir, ['another `lab up`']);
      throw err;
    }
  }

  /** Changes one node (by name), and clears the starter when `starter` is null. */
  update(
    name: string | undefined,
    change: Partial<Pick<LabNodeRecord, 'process' | 'nodeId'>>,
    starter?: null,
  ): Promise<void> {
    this.state = {
      ...this.state,
      ...(starter === null ? { starter: null } : {}),
      nodes: this.state.nodes.map((n) => (n.name === name ? { ...n, ...change } : n)),
    };
    const write = this.writes.then(() => writeLabState(this.dir, this.state));
    this.writes = write.catch(() => undefined);
    return write;
  }
}
