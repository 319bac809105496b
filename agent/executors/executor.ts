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
  /** Current health when the task has a healthcheck. */
  health?(): TaskHealth__Output;
}

export interface Executor {
  readonly runtime: RuntimeKind__Output;
  describe(): ExecutorDescription;
  controller(task: Task__Output): TaskController;
}
