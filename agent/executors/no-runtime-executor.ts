// The executor of a node that runs no tasks (`covey daemon --runtime none`, typically a manager): it
// offers no runtime and no capacity, so the scheduler never places a task there, while the agent
// still keeps the node's session — READY in `node ls`, following its role — as a Swarm manager does.
// A task that reaches it anyway (an old assignment) is rejected with the reason.
import { RuntimeKind } from '../../proto/gen/covey/v1/RuntimeKind.ts';
import type { Task__Output } from '../../proto/gen/covey/v1/Task.ts';
import { TaskRejectedError } from './errors.ts';
import type { ExecutorDescription, ExitInfo, Executor, TaskController } from './executor.ts';

const DESCRIPTION: ExecutorDescription = Object.freeze({
  runtimes: [],
  resources: { nanoCpus: 0, memoryBytes: 0 },
});

export const NO_RUNTIME_REASON = 'this node runs no tasks (its daemon was started with --runtime none)';

export class NoRuntimeExecutor implements Executor {
  readonly runtime = RuntimeKind.RUNTIME_KIND_UNKNOWN;

  describe(): ExecutorDescription {
    return DESCRIPTION;
  }

  controller(task: Task__Output): TaskController {
    return new RejectingController(task.id);
  }

  async workloads(): Promise<[]> {
    return [];
  }

  async removeWorkload(): Promise<void> {}
}

class RejectingController implements TaskController {
  constructor(private readonly taskId: string) {}

  async prepare(): Promise<void> {
    throw new TaskRejectedError(this.taskId, NO_RUNTIME_REASON);
  }

  async start(): Promise<void> {
    throw new TaskRejectedError(this.taskId, NO_RUNTIME_REASON);
  }

  wait(): Promise<ExitInfo> {
    return Promise.reject(new TaskRejectedError(this.taskId, NO_RUNTIME_REASON));
  }

  async shutdown(): Promise<void> {}

  async terminate(): Promise<void> {}

  async remove(): Promise<void> {}
}
