// The contract every runtime (docker, process, hollow) implements: an Executor describes what the
// node can run and hands out one TaskController per task; the worker's task runner drives it.
import type { Resources__Output } from '../../proto/gen/covey/v1/Resources.ts';
import type { RuntimeKind__Output } from '../../proto/gen/covey/v1/RuntimeKind.ts';
import type { Task__Output } from '../../proto/gen/covey/v1/Task.ts';
import type { TaskHealth__Output } from '../../proto/gen/covey/v1/TaskHealth.ts';

/** How a task's workload ended. */
export interface ExitInfo {
  readonly exitCode: number;
  /** Why, in words, when the runtime knows more than the code (`OOM killed`). */
  readonly message?: string;
  readonly containerId?: string;
  readonly pid?: number;
}

/** What the agent advertises to the managers for this executor. */
export interface ExecutorDescription {
  readonly runtimes: readonly RuntimeKind__Output[];
  readonly resources: Resources__Output;
  /** The engine behind the runtime, when there is one (Docker's version and daemon labels). */
  readonly engine?: { readonly version: string; readonly labels: Readonly<Record<string, string>> };
}

/** One line (or a ≤ 16 KiB piece of a longer one) of a task's output, newline stripped. */
export interface TaskLogLine {
  readonly stream: 'stdout' | 'stderr';
  /** When the runtime read the line (Docker's own timestamp; the pipe or file read time), epoch ms. */
  readonly timeMs: number;
  readonly data: Buffer;
}

export interface LogFollowOptions {
  /**
   * Only lines read after this time (epoch ms), so an agent that restarted resumes where it had
   * shipped to without repeating lines; 0: from the workload's first line.
   */
  readonly sinceMs: number;
  /** Called once per line, in order. */
  readonly onLine: (line: TaskLogLine) => void;
}

export interface LogFollower {
  /** Stops following; resolves once no further line will be delivered. */
  close(): Promise<void>;
  /** Resolves when the output has ended (the workload exited and every line was delivered) or after close(). */
  readonly done: Promise<void>;
}

/** A workload a runtime holds for this node, found by its labels (docker) or its record (process). */
export interface Workload {
  readonly taskId: string;
  readonly serviceId: string;
  readonly running: boolean;
}

/** Whether the runtime answers now; what the heartbeat reports so the scheduler avoids a dead engine. */
export interface RuntimeHealthReport {
  readonly available: boolean;
  /** Why not, in words (`docker engine unreachable: connect ENOENT /var/run/docker.sock`). */
  readonly message: string;
}

/**
 * One task's workload on one runtime. Each method is idempotent: calling it again after it succeeded
 * does nothing, so a re-driven runner (or an adopted task after an agent restart) is safe. Failures
 * are the typed errors of errors.ts; anything else is treated as a generic failure of that step.
 */
export interface TaskController {
  /** Everything short of running: pull, create. */
  prepare(): Promise<void>;
  start(): Promise<void>;
  /** Resolves when the workload ends (also after shutdown or terminate), with how it ended. */
  wait(): Promise<ExitInfo>;
  /** Asks the workload to stop, and kills it if it has not after `graceMs`. */
  shutdown(graceMs: number): Promise<void>;
  /** Kills at once. */
  terminate(): Promise<void>;
  /** Frees whatever prepare() made; the controller is unusable afterwards. */
  remove(): Promise<void>;
  /**
   * Current health when the task has a healthcheck. With one, start() resolves only once the
   * workload is healthy (and rejects with TaskUnhealthyError if it turns unhealthy first), and wait()
   * rejects with TaskUnhealthyError, after stopping the workload, when a running one turns unhealthy.
   */
  health?(): TaskHealth__Output;
  /** Follows the workload's stdout and stderr (see LogFollowOptions); a runtime without output has none. */
  logs?(options: LogFollowOptions): LogFollower;
}

export interface Executor {
  readonly runtime: RuntimeKind__Output;
  describe(): ExecutorDescription;
  /**
   * The controller of one task. A controller for a task whose workload already exists (an agent that
   * restarted adopts its containers and processes) attaches to it: prepare() and start() find it and
   * do nothing more, wait() follows it, and a workload that ended meanwhile reports how it ended.
   */
  controller(task: Task__Output): TaskController;
  /** Re-reads what can change while the agent runs (engine version, CPUs, memory) for describe(). */
  refresh?(): Promise<void>;
  /** Whether the runtime answers now (an engine ping). */
  health?(): Promise<RuntimeHealthReport>;
  /** Every workload this runtime holds for this node, running or not. */
  workloads?(): Promise<Workload[]>;
  /** Stops (with the grace, then a kill) and removes the workload of a task no longer assigned. */
  removeWorkload?(taskId: string, graceMs: number): Promise<void>;
}
