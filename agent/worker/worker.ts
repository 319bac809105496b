// The agent's worker: keeps one TaskRunner per assigned task, reconciling against what the
// dispatcher assigns, and feeds every state change to the StatusReporter (SwarmKit's agent/worker).
// With a state file it remembers its tasks across agent restarts (adopt() takes them back before any
// manager answers) and, after each complete assignment set, removes the runtime's workloads that no
// assigned task owns (what was unassigned while the agent was down, or a state file that was lost).
import type { Logger } from 'pino';
import type { Executor, TaskController, Workload } from '../executors/executor.ts';
import type { Task__Output } from '../../proto/gen/covey/v1/Task.ts';
import { TaskState } from '../../proto/gen/covey/v1/TaskState.ts';
import type { TaskStatus__Output } from '../../proto/gen/covey/v1/TaskStatus.ts';
import type { SavedTask, TaskStateFile } from '../state/task-state-file.ts';
import type { AssignmentSet } from './assignment-set.ts';
import type { Cancel, Clock } from './clock.ts';
import type { StatusReporter } from './status-reporter.ts';
import { DEFAULT_STOP_GRACE_MS } from './stop-grace.ts';
import { TaskRunner } from './task-runner.ts';

export interface WorkerOptions {
  readonly executor: Executor;
  readonly reporter: StatusReporter;
  readonly clock: Clock;
  /** Told of each state change as it happens (logs, metrics, tests); the reporter gets it anyway. */
  readonly onStatus?: (taskId: string, status: TaskStatus__Output) => void;
  /** Where the tasks are remembered across restarts; none: the worker forgets them. */
  readonly stateFile?: TaskStateFile;
  /** Told of each runner created (the log shipper follows its controller) and removed. */
  readonly onRunner?: (event: RunnerEvent) => void;
  readonly logger?: Logger;
}

export type RunnerEvent =
  | {
      readonly kind: 'added';
      readonly task: Task__Output;
      readonly controller: TaskController;
      /** Log lines up to this time were shipped before (an adopted task); 0 otherwise. */
      readonly logsShippedUntilMs: number;
    }
  | { readonly kind: 'removed'; readonly taskId: string };

/** Coalesces state-file writes: at most one per this interval. */
const SAVE_DELAY_MS = 100;

export class Worker {
  private readonly executor: Executor;
  private readonly reporter: StatusReporter;
  private readonly clock: Clock;
  private readonly onStatus: ((taskId: string, status: TaskStatus__Output) => void) | undefined;
  private readonly runners = new Map<string, TaskRunner>();
  /** Runners of tasks taken away, until their controller is removed. */
  private readonly removing = new Map<string, Promise<void>>();
  /** Per task: the task as last assigned, the last status its runner reported, the log watermark. */
  private readonly memory = new Map<
    string,
    { task: Task__Output; status: TaskStatus__Output | null; logsMs: number }
  >();
  private readonly stateFile: TaskStateFile | undefined;
  private readonly onRunner: ((event: RunnerEvent) => void) | undefined;
  private readonly log: Logger | undefined;
  private saveTimer: Cancel | undefined;
  private cleanup: Promise<void> = Promise.resolve();

  constructor(options: WorkerOptions) {
    this.executor = options.executor;
    this.reporter = options.reporter;
    this.clock = options.clock;
    this.onStatus = options.onStatus;
    this.stateFile = options.stateFile;
    this.onRunner = options.onRunner;
    this.log = options.logger;
  }

  /**
   * Takes back the tasks a previous run of the agent held (its state file): each gets a runner that
   * starts from the state last reported, so a running workload is attached to, not started again.
   */
  adopt(saved: readonly SavedTask[]): void {
    for (const { task, logsShippedUntilMs } of saved) {
      if (this.runners.has(task.id)) continue;
      this.assign(task, logsShippedUntilMs);
    }
  }

  /** Log lines of `taskId` up to `timeMs` reached the managers (remembered across restarts). */
  noteLogsShipped(taskId: string, timeMs: number): void {
    const m = this.memory.get(taskId);
    if (m === undefined || timeMs <= m.logsMs) return;
    m.logsMs = timeMs;
    this.scheduleSave();
  }

  /** The runtime's workloads for this node (none when it cannot list them). */
  async executorWorkloads(): Promise<Workload[]> {
    return (await this.executor.workloads?.()) ?? [];
  }

  /** Resolves once the last orphan cleanup (after a complete assignment set) has finished. */
  orphansRemoved(): Promise<void> {
    return this.cleanup;
  }

  /** Writes the state file now (a stopping agent); no-op without one. */
  async persist(): Promise<void> {
    this.saveTimer?.();
    this.saveTimer = undefined;
    await this.stateFile?.save(this.snapshot());
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
    this.scheduleSave();
    if (assignments.kind === 'complete') this.cleanup = this.cleanup.then(() => this.removeOrphans());
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

  private assign(task: Task__Output, logsShippedUntilMs = 0): void {
    const existing = this.runners.get(task.id);
    const m = this.memory.get(task.id);
    if (existing !== undefined && m !== undefined) {
      m.task = task;
      void existing.update(task);
      return;
    }
    const controller = this.executor.controller(task);
    const runner = new TaskRunner({
      task,
      controller,
      runtime: this.executor.runtime,
      clock: this.clock,
      onStatus: (taskId, status) => {
        const mem = this.memory.get(taskId);
        if (mem !== undefined) mem.status = status;
        this.reporter.report(taskId, status);
        this.onStatus?.(taskId, status);
        this.scheduleSave();
      },
    });
    this.runners.set(task.id, runner);
    this.memory.set(task.id, { task, status: null, logsMs: logsShippedUntilMs });
    this.onRunner?.({ kind: 'added', task, controller, logsShippedUntilMs });
    void runner.drive();
  }

  private removeTask(taskId: string): void {
    const runner = this.runners.get(taskId);
    if (runner === undefined) return;
    this.runners.delete(taskId);
    const removal = runner.remove().finally(() => {
      this.removing.delete(taskId);
      this.memory.delete(taskId);
      this.onRunner?.({ kind: 'removed', taskId });
      this.scheduleSave();
    });
    this.removing.set(taskId, removal);
  }

  /** Workloads the runtime holds that no runner owns: stopped (with a default grace) and removed. */
  private async removeOrphans(): Promise<void> {
    if (this.executor.workloads === undefined || this.executor.removeWorkload === undefined) return;
    let workloads: Awaited<ReturnType<NonNullable<Executor['workloads']>>>;
    try {
      workloads = await this.executor.workloads();
    } catch (err) {
      this.log?.warn(
        { err },
        'cannot list the runtime’s workloads; orphans stay until the next complete set',
      );
      return;
    }
    for (const w of workloads) {
      if (this.runners.has(w.taskId) || this.removing.has(w.taskId)) continue;
      this.log?.info(
        { taskId: w.taskId, serviceId: w.serviceId, running: w.running },
        'removing a workload no task owns',
      );
      try {
        await this.executor.removeWorkload(w.taskId, DEFAULT_STOP_GRACE_MS);
      } catch (err) {
        this.log?.warn({ err, taskId: w.taskId }, 'could not remove an orphaned workload');
      }
    }
  }

  private snapshot(): SavedTask[] {
    const out: SavedTask[] = [];
    for (const [taskId, m] of this.memory) {
      if (!this.runners.has(taskId)) continue;
      out.push({
        task: m.status === null ? m.task : { ...m.task, status: m.status },
        logsShippedUntilMs: m.logsMs,
      });
    }
    return out;
  }

  private scheduleSave(): void {
    if (this.stateFile === undefined || this.saveTimer !== undefined) return;
    this.saveTimer = this.clock.schedule(SAVE_DELAY_MS, () => {
      this.saveTimer = undefined;
      this.stateFile?.save(this.snapshot()).catch((err: unknown) => {
        this.log?.error({ err, path: this.stateFile?.path }, 'cannot write the agent state file');
      });
    });
  }
}
