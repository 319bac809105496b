// The benchmark's agents in a child process (COVEY_BENCH_AGENTS_PROCESS=1): the same HollowFleet,
// driven over IPC, so the managers keep this process's core and the agents use the machine's other
// one — closer to a real cluster, where agents never share the leader's CPU.
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { KeepaliveOptions } from '../agent/session/dispatcher-client.ts';
import type { Fleet } from './scheduler-e2e-agents.ts';

/** What the parent asks of the child. */
export type FleetCommand =
  | {
      readonly kind: 'start';
      readonly count: number;
      readonly managers: readonly string[];
      readonly workerToken: string;
      readonly joinConcurrency: number;
      readonly keepalive?: KeepaliveOptions;
      readonly logLevel: string;
    }
  | { readonly kind: 'stop' };

/** What the child reports. */
export type FleetEvent =
  | { readonly kind: 'joined'; readonly joined: number }
  | { readonly kind: 'join-done' }
  | { readonly kind: 'ready-count'; readonly ready: number }
  | { readonly kind: 'ready' }
  | { readonly kind: 'stopped' }
  | { readonly kind: 'error'; readonly message: string };

/** The child's agents failed or it exited early. */
export class FleetProcessError extends Error {
  override name = 'FleetProcessError';
}

export class ForkedFleet implements Fleet {
  private readonly child: ChildProcess;
  private lastReady = 0;
  private readonly waiters = new Map<FleetEvent['kind'], () => void>();
  private failure: Error | undefined;
  private onFailure: ((err: Error) => void)[] = [];

  constructor(
    private readonly start: Omit<Extract<FleetCommand, { kind: 'start' }>, 'kind'>,
    private readonly onJoined: (joined: number) => void,
  ) {
    const script = fileURLToPath(new URL('./scheduler-e2e-agents-child.ts', import.meta.url));
    this.child = fork(script, [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (m: FleetEvent) => this.onEvent(m));
    this.child.on('exit', (code, signal) => {
      if (!this.waiters.has('stopped')) {
        this.fail(new FleetProcessError(`the agents' process exited (${code ?? signal})`));
      }
      this.waiters.get('stopped')?.();
    });
  }

  private onEvent(m: FleetEvent): void {
    if (m.kind === 'joined') this.onJoined(m.joined);
    else if (m.kind === 'ready-count') this.lastReady = m.ready;
    else if (m.kind === 'error') this.fail(new FleetProcessError(`the agents' process failed: ${m.message}`));
    else {
      const w = this.waiters.get(m.kind);
      this.waiters.delete(m.kind);
      w?.();
    }
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const reject of this.onFailure.splice(0)) reject(err);
  }

  private until(kind: FleetEvent['kind']): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiters.set(kind, resolve);
      this.onFailure.push(reject);
    });
  }

  async join(): Promise<void> {
    const done = this.until('join-done');
    this.child.send({ kind: 'start', ...this.start } satisfies FleetCommand);
    await done;
  }

  ready(): Promise<void> {
    return this.until('ready');
  }

  /** As last reported by the child (it reports once a second while agents are not ready). */
  readyCount(): number {
    return this.lastReady;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const stopped = new Promise<void>((resolve) => this.waiters.set('stopped', resolve));
    this.child.send({ kind: 'stop' } satisfies FleetCommand);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 30_000);
    await stopped;
    clearTimeout(timer);
  }
}
