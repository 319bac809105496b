// The agent's worker: keeps one TaskRunner per assigned task, reconciling against what the
// dispatcher assigns, and feeds every state change to the StatusReporter (SwarmKit's agent/worker).
import type { Executor } from '../executors/executor.ts';
import type { Task__Output } from '../../proto/gen/covey/v1/Task.ts';
import { TaskState } from '../../proto/gen/covey/v1/TaskState.ts';
import type { TaskStatus__Output } from '../../proto/gen/covey/v1/TaskStatus.ts';
import type { AssignmentSet } from './assignment-set.ts';
import type { Clock } from './clock.ts';
import type { StatusReporter } from './status-reporter.ts';
import { TaskRunner } from './task-runner.ts';

export interface WorkerOptions {
  readonly executor: Executor;
  readonly reporter: StatusReporter;
  readonly clock: Clock;
  /** Told of each state change as it happens (logs, metrics, tests); the reporter gets it anyway. */
  readonly onStatus?: (taskId: string, status: TaskStatus__Output) => void;
}

export class Worker {
  private readonly executor: Executor;
  private readonly reporter: StatusReporter;
  private readonly clock: Clock;
  private readonly onStatus: ((taskId: string, status: TaskStatus__Output) => void) | undefined;
  private readonly runners = new Map<string, TaskRunner>();
  /** Runners of tasks taken away, until their controller is removed. */
  private readonly removing = new Map<string, Promise<void>>();

  constructor(options: WorkerOptions) {
    this.executor = options.executor;
    this.reporter = options.reporter;
    this.clock = options.clock;
    this.onStatus = options.onStatus;
  }

  /** Tasks the worker holds (assigned, not yet removed). */
  get taskIds(): string[] {
    return [...this.runners.keys()];
  }

  runner(taskId: string): TaskRunner | undefined {
    return this.runners.get(taskId);
  }

  /**
   * Applies a set of assignments: new tasks get a runner, changed ones are driven toward their new
   * desired state, and tasks no longer assigned are shut down and removed. Runners proceed on their
   * own; state changes reach the reporter as they happen.
   */
  reconcile(assignments: AssignmentSet): void {
    const updated = assignments.kind === 'complete' ? assignments.tasks : assignments.updated;
    const removed =
      assignments.kind === 'complete' ? this.absentFrom(assignments.tasks) : assignments.removed;
    for (const taskId of removed) this.removeTask(taskId);
    for (const task of updated) this.assign(task);
  }

  /** Waits until every removal in progress has finished. */
  async settled(): Promise<void> {
    await Promise.all(this.removing.values());
  }

  /** Counts for the heartbeat's TaskHealthSummary. */
  summary(): { assigned: number; running: number } {
    let running = 0;
    for (const runner of this.runners.values()) if (runner.state === TaskState.TASK_STATE_RUNNING) running++;
    return { assigned: this.runners.size, running };
  }

  private absentFrom(tasks: readonly Task__Output[]): string[] {
    const wanted = new Set(tasks.map((task) => task.id));
    return [...this.runners.keys()].filter((taskId) => !wanted.has(taskId));
  }

  private assign(task: Task__Output): void {
    const existing = this.runners.get(task.id);
    if (existing !== undefined) {
      void existing.update(task);
      return;
    }
    const runner = new TaskRunner({
      task,
      controller: this.executor.controller(task),
      runtime: this.executor.runtime,
      clock: this.clock,
      onStatus: (taskId, status) => {
        this.reporter.report(taskId, status);
        this.onStatus?.(taskId, status);
      },
    });
    this.runners.set(task.id, runner);
    void runner.drive();
  }

  private removeTask(taskId: string): void {
    const runner = this.runners.get(taskId);
    if (runner === undefined) return;
    this.runners.delete(taskId);
    const removal = runner.remove().finally(() => this.removing.delete(taskId));
    this.removing.set(taskId, removal);
  }
}
