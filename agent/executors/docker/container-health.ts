// A container's health as the engine last judged it, in the task's terms (TaskHealth), and the words
// of its last check for the task's error when it turned unhealthy.
import type Docker from 'dockerode';
import { TaskHealth, type TaskHealth__Output } from '../../../proto/gen/covey/v1/TaskHealth.ts';

export type ContainerState = Docker.ContainerInspectInfo['State'];

export function taskHealth(state: ContainerState): TaskHealth__Output {
  switch (state.Health?.Status) {
    case 'starting':
      return TaskHealth.TASK_HEALTH_STARTING;
    case 'healthy':
      return TaskHealth.TASK_HEALTH_HEALTHY;
    case 'unhealthy':
      return TaskHealth.TASK_HEALTH_UNHEALTHY;
    default:
      // No healthcheck (or "none"): the engine reports nothing to wait for.
      return TaskHealth.TASK_HEALTH_NONE;
  }
}

/** Whether the engine runs a healthcheck for this container (its own or its image's). */
export function hasHealthcheck(state: ContainerState): boolean {
  return taskHealth(state) !== TaskHealth.TASK_HEALTH_NONE;
}

/** The last check's output, or its exit code when it printed nothing. */
export function lastHealthOutput(state: ContainerState): string {
  const last = state.Health?.Log?.at(-1);
  if (last === undefined) return '';
  const output = last.Output.trim();
  return output !== '' ? output : `healthcheck exited with code ${last.ExitCode}`;
}
