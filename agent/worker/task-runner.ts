// Drives one task's controller from the task's current state toward its desired state, one
// forward-only step at a time (SwarmKit's exec.Do), and reports each state it reaches.
import type { TaskController, ExitInfo } from '../executors/executor.ts';
import { failureState } from '../executors/errors.ts';
import { RuntimeKind, type RuntimeKind__Output } from '../../proto/gen/covey/v1/RuntimeKind.ts';
import type { Task__Output } from '../../proto/gen/covey/v1/Task.ts';
import { TaskHealth } from '../../proto/gen/covey/v1/TaskHealth.ts';
import { TaskState, type TaskState__Output } from '../../proto/gen/covey/v1/TaskState.ts';
import type { TaskStatus__Output } from '../../proto/gen/covey/v1/TaskStatus.ts';
import type { Cancel, Clock } from './clock.ts';
import { stopGraceMs } from './stop-grace.ts';

export type StatusSink = (taskId: string, status: TaskStatus__Output) => void;

export interface TaskRunnerOptions {
  readonly task: Task__Output;
  readonly controller: TaskController;
  /** Decides whether an exit code is reported as a container's or a process's. */
  readonly runtime: RuntimeKind__Output;
  readonly clock: Clock;
  readonly onStatus: StatusSink;
}

const S = TaskState;
const FIRST_RETRY_DELAY_MS = 1_000;
const MAX_RETRY_DELAY_MS = 30_000;

export class TaskRunner {
  readonly taskId: string;
  private task: Task__Output;
  private current: TaskState__Output;
  private readonly controller: TaskController;
  private readonly runtime: RuntimeKind__Output;
  private readonly clock: Clock;
  private readonly onStatus: StatusSink;
  private removing = false;
  private waiting = false;
  /** start() is in progress (it may wait for a healthcheck): a stop must not wait for it. */
  private starting = false;
  private again = false;
  private loop: Promise<void> | null = null;
  private stopping: Promise<void> | null = null;
  private removal: Promise<void> | null = null;
  private exit: ExitInfo | null = null;
  private lastError: unknown = null;
  private retries = 0;
  private cancelRetry: Cancel | null = null;

  constructor(options: TaskRunnerOptions) {
    this.task = options.task;
    this.taskId = options.task.id;
    this.current = options.task.status?.state ?? S.TASK_STATE_NEW;
    this.controller = options.controller;
    this.runtime = options.runtime;
    this.clock = options.clock;
    this.onStatus = options.onStatus;
  }

  /** The last state this runner reached (or the task's state when it was handed over). */
  get state(): TaskState__Output {
    return this.current;
  }

  /** The last error the controller raised that was not a task failure (e.g. in remove). */
  get error(): unknown {
    return this.lastError;
  }

  /** Takes a newer copy of the task (desired state or spec changed) and drives toward it. */
  update(task: Task__Output): Promise<void> {
    this.task = task;
    // The manager may know a later state than ours (an adopted task); never move backwards.
    const reported = task.status?.state;
    if (reported !== undefined && reported > this.current) this.current = reported;
    if (this.wantsStop() && (this.waiting || this.starting)) void this.stop();
    return this.drive();
  }

  /** Runs the state machine until it has nothing left to do; safe to call any number of times. */
  drive(): Promise<void> {
    this.cancelRetry?.();
    this.cancelRetry = null;
    this.again = true;
    if (this.loop === null) {
      this.loop = (async () => {
        while (this.again) {
          this.again = false;
          try {
            await this.run();
          } catch (error) {
            // Only a throwing status sink gets here; the task's state is already recorded.
            this.lastError = error;
          }
        }
        this.loop = null;
      })();
    }
    return this.loop;
  }

  /** The task left the assignment set: shut it down (reporting SHUTDOWN) and free its resources. */
  remove(): Promise<void> {
    this.removing = true;
    if (this.waiting || this.starting) void this.stop();
    this.removal ??= (async () => {
      await this.drive();
      if (this.current < S.TASK_STATE_COMPLETE || this.waiting) await this.stop();
      try {
        await this.controller.remove();
      } catch (error) {
        this.lastError = error;
      }
    })();
    return this.removal;
  }

  private wantsStop(): boolean {
    return this.removing || this.task.desiredState >= S.TASK_STATE_SHUTDOWN;
  }

  private async run(): Promise<void> {
    for (;;) {
      if (this.current >= S.TASK_STATE_COMPLETE) return;
      if (this.wantsStop()) {
        await this.stop();
        this.transition(S.TASK_STATE_SHUTDOWN, 'shutdown');
        return;
      }
      const desired = this.task.desiredState;
      if (!(await this.step(desired))) return;
    }
  }

  /** One step of the lifecycle; false when the desired state is reached. */
  private async step(desired: TaskState__Output): Promise<boolean> {
    const state = this.current;
    if (state < S.TASK_STATE_ACCEPTED) return this.advance(S.TASK_STATE_ACCEPTED, 'accepted', desired);
    switch (state) {
      case S.TASK_STATE_ACCEPTED:
        return this.advance(S.TASK_STATE_PREPARING, 'preparing', desired);
      case S.TASK_STATE_PREPARING:
        if (desired < S.TASK_STATE_READY) return false;
        return this.attempt(
          () => this.controller.prepare(),
          S.TASK_STATE_READY,
          'prepared',
          'prepare failed',
        );
      case S.TASK_STATE_READY:
        return this.advance(S.TASK_STATE_STARTING, 'starting', desired);
      case S.TASK_STATE_STARTING:
        if (desired < S.TASK_STATE_RUNNING) return false;
        return this.attempt(
          async () => {
            this.starting = true;
            try {
              await this.controller.start();
            } finally {
              this.starting = false;
            }
          },
          S.TASK_STATE_RUNNING,
          'started',
          'start failed',
        );
      case S.TASK_STATE_RUNNING:
        return this.waitForExit();
      default:
        return false;
    }
  }

  private advance(next: TaskState__Output, message: string, desired: TaskState__Output): boolean {
    if (next > desired) return false;
    this.transition(next, message);
    return true;
  }

  private async attempt(
    operation: () => Promise<void>,
    next: TaskState__Output,
    message: string,
    failureMessage: string,
  ): Promise<boolean> {
    try {
      await operation();
    } catch (error) {
      // A stop asked for meanwhile wins over the step's failure.
      if (this.wantsStop()) return true;
      const failed = failureState(this.current, error);
      if (failed.retry) this.retryLater(failed.err);
      else this.transition(failed.state, failureMessage, failed.err);
      return false;
    }
    this.retries = 0;
    // Stopped while the step ran: what it made is stopped next, without claiming the step's state.
    if (!this.wantsStop()) this.transition(next, message);
    return true;
  }

  private async waitForExit(): Promise<boolean> {
    this.waiting = true;
    try {
      this.exit = await this.controller.wait();
    } catch (error) {
      if (this.wantsStop()) return true;
      const failed = failureState(this.current, error);
      if (failed.retry) this.retryLater(failed.err);
      else this.transition(failed.state, 'failed while running', failed.err);
      return false;
    } finally {
      this.waiting = false;
    }
    if (this.wantsStop()) return true;
    const { exitCode, message } = this.exit;
    if (exitCode === 0) this.transition(S.TASK_STATE_COMPLETE, message ?? 'finished');
    else this.transition(S.TASK_STATE_FAILED, message ?? 'failed', `task exited with code ${exitCode}`);
    return false;
  }

  /** A temporary failure: drive again after a backoff on the clock, reporting nothing meanwhile. */
  private retryLater(err: string): void {
    this.lastError = err;
    const delayMs = Math.min(MAX_RETRY_DELAY_MS, FIRST_RETRY_DELAY_MS * 2 ** this.retries);
    this.retries++;
    this.cancelRetry?.();
    this.cancelRetry = this.clock.schedule(delayMs, () => {
      this.cancelRetry = null;
      void this.drive();
    });
  }

  /** Shutdown with the task's grace, then a kill if the runtime could not stop it; once per runner. */
  private stop(): Promise<void> {
    this.stopping ??= (async () => {
      try {
        await this.controller.shutdown(stopGraceMs(this.task));
      } catch (error) {
        this.lastError = error;
        await this.controller.terminate().catch((terminateError: unknown) => {
          this.lastError = terminateError;
        });
      }
    })();
    return this.stopping;
  }

  private transition(next: TaskState__Output, message: string, err = ''): void {
    if (next <= this.current) return;
    this.current = next;
    const now = this.clock.now();
    const status: TaskStatus__Output = {
      timestamp: { seconds: Math.floor(now / 1000), nanos: (now % 1000) * 1e6 },
      state: next,
      message,
      err,
      portStatus: null,
      startedAt: null,
      health: this.controller.health?.() ?? TaskHealth.TASK_HEALTH_NONE,
    };
    if (this.exit !== null) {
      const { exitCode, pid = 0, containerId = '' } = this.exit;
      if (this.runtime === RuntimeKind.RUNTIME_KIND_DOCKER) {
        status.runtimeStatus = 'containerStatus';
        status.containerStatus = { containerId, pid, exitCode };
      } else {
        status.runtimeStatus = 'processStatus';
        status.processStatus = { pid, exitCode };
      }
    }
    this.onStatus(this.taskId, status);
  }
}
