// How bench:swarm times a phase on covey, the way the Swarm baseline script does with `docker
// service ps`: poll the service's tasks of desired state RUNNING every 200 ms (a pause between
// polls, as the script's `sleep 0.2`) until enough of them run the wanted image.
import { listAllTasks } from '../cli/commands/list-all.ts';
import type { ControlClient } from '../cli/control-client.ts';
import type { Task__Output } from '../proto/gen/covey/v1/Task.ts';
import { TaskState } from '../proto/gen/covey/v1/TaskState.ts';
import { withDeadline } from './deadline.ts';

/** The Swarm script's `sleep 0.2` between two looks. */
export const POLL_PAUSE_MS = 200;

export interface RunningGoal {
  readonly serviceId: string;
  readonly image: string;
  readonly count: number;
  readonly deadlineMs: number;
  /** Gives up (rejecting with its reason) when the run is interrupted. */
  readonly signal?: AbortSignal;
}

/** Tasks that count: desired RUNNING, observed RUNNING, of the wanted image. */
export function runningOfImage(tasks: readonly Task__Output[], image: string): number {
  let n = 0;
  for (const t of tasks) {
    if (
      t.desiredState === TaskState.TASK_STATE_RUNNING &&
      t.status?.state === TaskState.TASK_STATE_RUNNING &&
      t.spec?.container?.image === image
    )
      n++;
  }
  return n;
}

/** Resolves (with the number of polls made) once `goal.count` tasks run `goal.image`. */
export async function untilRunning(client: ControlClient, goal: RunningGoal): Promise<number> {
  let seen = 0;
  let polls = 0;
  const poll = async (): Promise<void> => {
    for (;;) {
      goal.signal?.throwIfAborted();
      const tasks = await listAllTasks(client, {
        serviceIds: [goal.serviceId],
        desiredStates: [TaskState.TASK_STATE_RUNNING],
      });
      polls++;
      seen = runningOfImage(tasks, goal.image);
      if (seen >= goal.count) return;
      await new Promise((resolve) => setTimeout(resolve, POLL_PAUSE_MS));
    }
  };
  await withDeadline(
    poll(),
    goal.deadlineMs,
    () => `${seen} of ${goal.count} tasks of ${goal.image} RUNNING`,
  );
  return polls;
}
