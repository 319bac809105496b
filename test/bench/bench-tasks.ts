// Tasks as ListTasks returns them, for the bench:swarm tests: an image, a slot, when the leader made
// the task and which state the agent last reported at which time.
import type { Task__Output } from '../../proto/gen/covey/v1/Task.ts';
import { TaskState, type TaskState__Output } from '../../proto/gen/covey/v1/TaskState.ts';
import { timestampFromMs } from '../../proto/time.ts';
import { makeTask } from '../agent/task-fixtures.ts';

export interface BenchTaskOptions {
  readonly image: string;
  readonly slot: number;
  readonly createdMs: number;
  readonly state: TaskState__Output;
  /** When `state` was reached. */
  readonly atMs: number;
  readonly desired?: TaskState__Output;
}

export function benchTask(id: string, o: BenchTaskOptions): Task__Output {
  const base = makeTask(id, { desired: o.desired ?? TaskState.TASK_STATE_RUNNING, state: o.state });
  const container = base.spec?.container;
  if (!base.spec || !container || !base.status) throw new Error('makeTask changed shape');
  return {
    ...base,
    slot: o.slot,
    meta: { version: 1, createdAt: timestampFromMs(o.createdMs), updatedAt: timestampFromMs(o.createdMs) },
    spec: { ...base.spec, container: { ...container, image: o.image } },
    status: { ...base.status, timestamp: timestampFromMs(o.atMs) },
  };
}
