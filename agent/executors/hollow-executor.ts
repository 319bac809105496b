// The hollow runtime: runs nothing and only walks tasks through their states, for tests and for
// scale runs of thousands of agents in one process. A task costs a timer only while a delay is due.
import { RuntimeKind } from '../../proto/gen/covey/v1/RuntimeKind.ts';
import type { Task__Output } from '../../proto/gen/covey/v1/Task.ts';
import type { Cancel, Clock } from '../worker/clock.ts';
import { ControllerStateError, TaskPrepareError, TaskRejectedError, TaskStartError } from './errors.ts';
import type { ExecutorDescription, ExitInfo, Executor, TaskController } from './executor.ts';

export interface HollowBehaviour {
  /** Time prepare() takes. */
  readonly prepareDelayMs: number;
  /** Time start() takes. */
  readonly startDelayMs: number;
  /** How long the task runs before exiting with `exitCode`; null runs until shut down. */
  readonly runForMs: number | null;
  readonly exitCode: number;
  /** When set, prepare() fails with this reason (TaskPrepareError). */
  readonly failPrepare: string | null;
  /** When set, start() fails with this reason (TaskStartError). */
  readonly failStart: string | null;
  /** When set, start() rejects the task with this reason (TaskRejectedError). */
  readonly rejectStart: string | null;
}

export const DEFAULT_HOLLOW_BEHAVIOUR: HollowBehaviour = Object.freeze({
  prepareDelayMs: 0,
  startDelayMs: 0,
  runForMs: null,
  exitCode: 0,
  failPrepare: null,
  failStart: null,
  rejectStart: null,
});

/** Task or service labels that override the executor's behaviour for one task. */
export const HOLLOW_LABELS = Object.freeze({
  prepareDelayMs: 'covey.hollow.prepare-delay-ms',
  startDelayMs: 'covey.hollow.start-delay-ms',
  /** Milliseconds, or `forever`. */
  runForMs: 'covey.hollow.run-ms',
  /** Exit code; without `run-ms`, the task exits at once. */
  exitCode: 'covey.hollow.exit',
  failPrepare: 'covey.hollow.fail-prepare',
  failStart: 'covey.hollow.fail-start',
  rejectStart: 'covey.hollow.reject-start',
});

export interface HollowExecutorOptions {
  readonly clock: Clock;
  readonly behaviour?: Partial<HollowBehaviour>;
  /** Advertised capacity; defaults to 4 CPUs and 8 GiB. */
  readonly nanoCpus?: number;
  readonly memoryBytes?: number;
}

export class HollowExecutor implements Executor {
  readonly runtime = RuntimeKind.RUNTIME_KIND_HOLLOW;
  private readonly clock: Clock;
  private readonly behaviour: HollowBehaviour;
  private readonly description: ExecutorDescription;

  constructor(options: HollowExecutorOptions) {
    this.clock = options.clock;
    this.behaviour = { ...DEFAULT_HOLLOW_BEHAVIOUR, ...options.behaviour };
    this.description = {
      runtimes: [RuntimeKind.RUNTIME_KIND_HOLLOW],
      resources: {
        nanoCpus: options.nanoCpus ?? 4_000_000_000,
        memoryBytes: options.memoryBytes ?? 8 * 1024 ** 3,
      },
    };
  }

  describe(): ExecutorDescription {
    return this.description;
  }

  controller(task: Task__Output): TaskController {
    return new HollowController(task.id, this.clock, behaviourFor(task, this.behaviour));
  }
}

/** The executor's behaviour with the task's `covey.hollow.*` labels applied (container labels win). */
export function behaviourFor(task: Task__Output, base: HollowBehaviour): HollowBehaviour {
  const labels: Record<string, string> = {
    ...task.serviceAnnotations?.labels,
    ...task.spec?.container?.labels,
  };
  const number = (key: string, fallback: number): number => {
    const raw = labels[key];
    if (raw === undefined) return fallback;
    const value = Number(raw);
    return Number.isFinite(value) ? value : fallback;
  };
  const text = (key: string, fallback: string | null): string | null => labels[key] ?? fallback;
  const exitLabel = labels[HOLLOW_LABELS.exitCode];
  const runLabel = labels[HOLLOW_LABELS.runForMs];
  let runForMs = base.runForMs;
  if (runLabel === 'forever') runForMs = null;
  else if (runLabel !== undefined) runForMs = number(HOLLOW_LABELS.runForMs, 0);
  else if (exitLabel !== undefined) runForMs = 0;
  return {
    prepareDelayMs: number(HOLLOW_LABELS.prepareDelayMs, base.prepareDelayMs),
    startDelayMs: number(HOLLOW_LABELS.startDelayMs, base.startDelayMs),
    runForMs,
    exitCode: number(HOLLOW_LABELS.exitCode, base.exitCode),
    failPrepare: text(HOLLOW_LABELS.failPrepare, base.failPrepare),
    failStart: text(HOLLOW_LABELS.failStart, base.failStart),
    rejectStart: text(HOLLOW_LABELS.rejectStart, base.rejectStart),
  };
}

type Phase = 'new' | 'prepared' | 'started' | 'exited' | 'removed';

/** Exit code reported for a hollow task stopped by shutdown/terminate (as SIGTERM/SIGKILL would). */
const SHUTDOWN_EXIT_CODE = 143;
const TERMINATE_EXIT_CODE = 137;

class HollowController implements TaskController {
  private phase: Phase = 'new';
  private exit: ExitInfo | null = null;
  private readonly waiters: Array<(exit: ExitInfo) => void> = [];
  private cancelRun: Cancel | null = null;
  private cancelDelay: (() => void) | null = null;

  constructor(
    private readonly taskId: string,
    private readonly clock: Clock,
    private readonly behaviour: HollowBehaviour,
  ) {}

  async prepare(): Promise<void> {
    this.refuseIfRemoved('prepare');
    if (this.phase !== 'new') return;
    await this.delay(this.behaviour.prepareDelayMs);
    if (this.phase !== 'new') return;
    if (this.behaviour.failPrepare !== null) {
      throw new TaskPrepareError(this.taskId, this.behaviour.failPrepare);
    }
    this.phase = 'prepared';
  }

  async start(): Promise<void> {
    this.refuseIfRemoved('start');
    if (this.phase === 'started' || this.phase === 'exited') return;
    if (this.phase === 'new') throw new ControllerStateError(this.taskId, 'start', 'not prepared');
    await this.delay(this.behaviour.startDelayMs);
    if (this.phase !== 'prepared') return;
    if (this.behaviour.rejectStart !== null) {
      throw new TaskRejectedError(this.taskId, this.behaviour.rejectStart);
    }
    if (this.behaviour.failStart !== null) throw new TaskStartError(this.taskId, this.behaviour.failStart);
    this.phase = 'started';
    this.scheduleExit();
  }

  wait(): Promise<ExitInfo> {
    if (this.phase === 'removed') {
      return Promise.reject(new ControllerStateError(this.taskId, 'wait on', 'removed'));
    }
    if (this.exit !== null) return Promise.resolve(this.exit);
    // A controller that never started here is an adopted task: it is running, on its behaviour's terms.
    if (this.phase === 'new' || this.phase === 'prepared') {
      this.phase = 'started';
      this.scheduleExit();
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  async shutdown(_graceMs: number): Promise<void> {
    this.finish({ exitCode: SHUTDOWN_EXIT_CODE, message: 'stopped' });
  }

  async terminate(): Promise<void> {
    this.finish({ exitCode: TERMINATE_EXIT_CODE, message: 'killed' });
  }

  async remove(): Promise<void> {
    this.finish({ exitCode: TERMINATE_EXIT_CODE, message: 'removed' });
    this.phase = 'removed';
  }

  private scheduleExit(): void {
    const { runForMs, exitCode } = this.behaviour;
    if (runForMs === null) return;
    const exit = { exitCode, message: `hollow task exited with code ${exitCode}` };
    if (runForMs <= 0) {
      this.finish(exit);
      return;
    }
    this.cancelRun = this.clock.schedule(runForMs, () => this.finish(exit));
  }

  /** Ends the workload once; only a task that was started has an exit worth waiting for. */
  private finish(exit: ExitInfo): void {
    this.cancelRun?.();
    this.cancelRun = null;
    this.cancelDelay?.();
    this.cancelDelay = null;
    if (this.phase === 'removed' || this.exit !== null) return;
    this.exit = exit;
    this.phase = 'exited';
    for (const resolve of this.waiters.splice(0)) resolve(exit);
  }

  /** A prepare/start delay; cut short by shutdown so a stopped task leaves no timer behind. */
  private delay(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const cancel = this.clock.schedule(ms, () => {
        this.cancelDelay = null;
        resolve();
      });
      this.cancelDelay = () => {
        cancel();
        resolve();
      };
    });
  }

  private refuseIfRemoved(operation: string): void {
    if (this.phase === 'removed') throw new ControllerStateError(this.taskId, operation, 'removed');
  }
}
