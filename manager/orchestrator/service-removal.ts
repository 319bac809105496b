// When a service is removed its live tasks are stopped with desired state REMOVE; the reaper deletes
// every task of a service that no longer exists once it has finished.
import type { Task__Output } from '../../proto/gen/covey/v1/Task.ts';
import { TaskState } from '../../proto/gen/covey/v1/TaskState.ts';
import { type SetDesiredStateAction, setDesiredState } from './action.ts';
import { isWanted } from './task-lifecycle.ts';
import { compareByAge } from './task-order.ts';

export function removeServiceTasks(
  serviceId: string,
  tasks: readonly Task__Output[],
): SetDesiredStateAction[] {
  return tasks
    .filter((t) => t.serviceId === serviceId && isWanted(t))
    .sort(compareByAge)
    .map((t) => setDesiredState(t, TaskState.TASK_STATE_REMOVE, 'service removed'));
}
