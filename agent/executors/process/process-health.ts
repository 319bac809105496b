// A task's health on Docker's schedule, as a pure monitor: time comes from the injected clock and
// each check from an injected runner, so the whole schedule is tested without processes or sleeps.
import type { Duration__Output } from '../../../proto/gen/google/protobuf/Duration.ts';
import type { HealthConfig__Output } from '../../../proto/gen/covey/v1/HealthConfig.ts';
import { TaskHealth, type TaskHealth__Output } from '../../../proto/gen/covey/v1/TaskHealth.ts';
import type { Cancel, Clock } from '../../worker/clock.ts';

export interface HealthSchedule {
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly startPeriodMs: number;
  readonly startIntervalMs: number;
}

/** Docker's defaults: every 30 s, 30 s to answer, 3 failures, no start period, every 5 s during it. */
export const DEFAULT_HEALTH_SCHEDULE: HealthSchedule = Object.freeze({
  intervalMs: 30_000,
  timeoutMs: 30_000,
  retries: 3,
  startPeriodMs: 0,
  startIntervalMs: 5_000,
});

/** The schedule a HealthConfig asks for; absent or zero durations take Docker's defaults. */
export function healthSchedule(config: HealthConfig__Output): HealthSchedule {
  const ms = (duration: Duration__Output | null, fallback: number): number => {
    if (duration === null) return fallback;
    const value = duration.seconds * 1000 + Math.floor(duration.nanos / 1e6);
    return value > 0 ? value : fallback;
  };
  const d = DEFAULT_HEALTH_SCHEDULE;
  return {
    intervalMs: ms(config.interval, d.intervalMs),
    timeoutMs: ms(config.timeout, d.timeoutMs),
    retries: config.retries > 0 ? config.retries : d.retries,
    startPeriodMs: ms(config.startPeriod, d.startPeriodMs),
    startIntervalMs: ms(config.startInterval, d.startIntervalMs),
  };
}

export interface HealthCheckResult {
  readonly ok: boolean;
  /** What the check printed, or why it failed. */
  readonly output: string;
}

/** Runs one check; `signal` aborts when the monitor gives up on it (timeout, stop): kill it then. */
export type HealthCheckRunner = (signal: AbortSignal) => Promise<HealthCheckResult>;

export interface HealthMonitorOptions {
  readonly schedule: HealthSchedule;
  readonly clock: Clock;
  /** When the workload started (epoch ms): the start period counts from here. */
  readonly startedAtMs: number;
  readonly runCheck: HealthCheckRunner;
  /** Told of every change of status, with the last check's output. */
  readonly onChange?: (health: TaskHealth__Output, lastOutput: string) => void;
}

export class HealthMonitor {
  private status: TaskHealth__Output = TaskHealth.TASK_HEALTH_STARTING;
  private streak = 0;
  private output = '';
  private running = false;
  private cancelTimer: Cancel | null = null;
  private inFlight: AbortController | null = null;
  private readonly options: HealthMonitorOptions;

  constructor(options: HealthMonitorOptions) {
    this.options = options;
  }

  get health(): TaskHealth__Output {
    return this.status;
  }

  /** Consecutive failures that counted. */
  get failingStreak(): number {
    return this.streak;
  }

  get lastOutput(): string {
    return this.output;
  }

  /** Schedules the first check one interval from now (the start interval while in the start period). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.scheduleNext();
  }

  /** No further check runs; one in flight is aborted and its result ignored. */
  stop(): void {
    this.running = false;
    this.cancelTimer?.();
    this.cancelTimer = null;
    this.inFlight?.abort();
    this.inFlight = null;
  }

  /** Docker's getInterval: the start interval only while starting and within the start period. */
  private nextInterval(): number {
    const { schedule, clock, startedAtMs } = this.options;
    const inStartPeriod = clock.now() - startedAtMs < schedule.startPeriodMs;
    return inStartPeriod && this.status === TaskHealth.TASK_HEALTH_STARTING
      ? schedule.startIntervalMs
      : schedule.intervalMs;
  }

  private scheduleNext(): void {
    if (!this.running) return;
    this.cancelTimer = this.options.clock.schedule(this.nextInterval(), () => {
      this.cancelTimer = null;
      void this.probe();
    });
  }

  /** One check, bounded by the timeout; the next is scheduled once it has finished (as Docker does). */
  private async probe(): Promise<void> {
    const { clock, schedule, runCheck } = this.options;
    const startedAt = clock.now();
    const abort = new AbortController();
    this.inFlight = abort;
    let cancelTimeout: Cancel = () => {};
    const timedOut = new Promise<HealthCheckResult>((resolve) => {
      cancelTimeout = clock.schedule(schedule.timeoutMs, () =>
        resolve({ ok: false, output: `Health check exceeded timeout (${schedule.timeoutMs}ms)` }),
      );
    });
    const checked = runCheck(abort.signal).catch(
      (error: unknown): HealthCheckResult => ({
        ok: false,
        output: error instanceof Error ? error.message : String(error),
      }),
    );
    const result = await Promise.race([checked, timedOut]);
    cancelTimeout();
    abort.abort();
    if (this.inFlight !== abort || !this.running) return;
    this.inFlight = null;
    this.record(result, startedAt);
    this.scheduleNext();
  }

  /** Docker's handleProbeResult. */
  private record(result: HealthCheckResult, probeStartedAt: number): void {
    const { schedule, startedAtMs } = this.options;
    this.output = result.output;
    const before = this.status;
    if (result.ok) {
      this.streak = 0;
      this.status = TaskHealth.TASK_HEALTH_HEALTHY;
    } else {
      // Until a first success, failures within the start period do not count.
      const forgiven =
        this.status === TaskHealth.TASK_HEALTH_STARTING &&
        probeStartedAt - startedAtMs < schedule.startPeriodMs;
      if (!forgiven) {
        this.streak++;
        if (this.streak >= schedule.retries) this.status = TaskHealth.TASK_HEALTH_UNHEALTHY;
      }
    }
    if (this.status !== before) this.options.onChange?.(this.status, this.output);
  }
}
