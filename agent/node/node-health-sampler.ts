// The node's health for each heartbeat: whether the runtime answers (so the scheduler stops placing
// tasks on a node whose engine died), free disk under the data dir, and the load average. Sampled on
// a timer because heartbeats read it synchronously; a slow engine ping never delays a heartbeat. The
// executor's description (engine version, CPUs, memory) is refreshed on a slower timer.
import { statfs } from 'node:fs/promises';
import { loadavg } from 'node:os';
import type { Logger } from 'pino';
import type { NodeHealth } from '../../proto/gen/covey/v1/NodeHealth.ts';
import type { Executor } from '../executors/executor.ts';
import type { Cancel, Clock } from '../worker/clock.ts';

export interface NodeHealthSamplerOptions {
  readonly executor: Executor;
  /** The filesystem whose free space is reported. */
  readonly dataDir: string;
  readonly clock: Clock;
  readonly logger?: Logger;
  /** Default 5 s. */
  readonly intervalMs?: number;
  /** Default 60 s. */
  readonly describeIntervalMs?: number;
}

export class NodeHealthSampler {
  private health: NodeHealth;
  private timer: Cancel | undefined;
  private describeTimer: Cancel | undefined;
  private stopped = false;
  private lastAvailable: boolean | undefined;

  constructor(private readonly o: NodeHealthSamplerOptions) {
    this.health = { runtimes: [{ runtime: o.executor.runtime, available: true, message: '' }] };
  }

  /** The last sample (the heartbeat's NodeHealth). */
  current(): NodeHealth {
    return this.health;
  }

  /** Samples now, then on the interval; resolves after the first sample. */
  async start(): Promise<void> {
    await this.sample();
    this.arm();
    this.armDescribe();
  }

  stop(): void {
    this.stopped = true;
    this.timer?.();
    this.describeTimer?.();
  }

  /** One sample; exposed for tests and for an immediate re-read. */
  async sample(): Promise<NodeHealth> {
    const { executor } = this.o;
    let runtime = { available: true, message: '' };
    if (executor.health !== undefined) {
      try {
        runtime = await executor.health();
      } catch (err) {
        runtime = { available: false, message: (err as Error).message };
      }
    }
    if (this.lastAvailable !== undefined && this.lastAvailable !== runtime.available) {
      this.o.logger?.[runtime.available ? 'info' : 'error'](
        { runtime: executor.runtime, message: runtime.message },
        runtime.available
          ? 'the runtime answers again'
          : 'the runtime does not answer; the node will get no new tasks',
      );
    }
    this.lastAvailable = runtime.available;
    let diskFreeBytes = 0;
    try {
      const fs = await statfs(this.o.dataDir);
      diskFreeBytes = fs.bavail * fs.bsize;
    } catch {
      // A data dir on a filesystem statfs cannot read reports 0 free rather than failing the heartbeat.
    }
    this.health = {
      runtimes: [{ runtime: executor.runtime, available: runtime.available, message: runtime.message }],
      diskFreeBytes,
      loadAverage: loadavg()[0] ?? 0,
      message: '',
    };
    return this.health;
  }

  private arm(): void {
    if (this.stopped) return;
    this.timer = this.o.clock.schedule(this.o.intervalMs ?? 5_000, () => {
      void this.sample().finally(() => this.arm());
    });
  }

  private armDescribe(): void {
    const refresh = this.o.executor.refresh;
    if (this.stopped || refresh === undefined) return;
    // The session re-reads the description at each heartbeat and sends it when it changed.
    this.describeTimer = this.o.clock.schedule(this.o.describeIntervalMs ?? 60_000, () => {
      refresh
        .call(this.o.executor)
        .catch((err: unknown) => this.o.logger?.debug({ err }, 'cannot refresh the runtime description'))
        .finally(() => this.armDescribe());
    });
  }
}
