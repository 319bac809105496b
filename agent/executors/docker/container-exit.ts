// How a container ended, read from the engine's record of it (inspect) or from its `die` event, as
// the ExitInfo a task reports.
import type Docker from 'dockerode';
import type { ExitInfo } from '../executor.ts';

/** The engine's zero time: a container that was created but never started. */
const NEVER = '0001-01-01T00:00:00Z';

export function hasStarted(state: Docker.ContainerInspectInfo['State']): boolean {
  return state.StartedAt !== '' && state.StartedAt !== NEVER;
}

/** `pid` is the one seen while it ran: the engine zeroes it at exit. */
export function exitFromInspect(info: Docker.ContainerInspectInfo, pid: number): ExitInfo {
  const state = info.State;
  const exit: { exitCode: number; containerId: string; pid: number; message?: string } = {
    exitCode: state.ExitCode,
    containerId: info.Id,
    pid: state.Pid || pid,
  };
  if (state.OOMKilled) exit.message = 'OOM killed';
  else if (state.Error !== '') exit.message = state.Error;
  return exit;
}

/**
 * From the `die` event, which the engine sends once the process has exited and before it tears the
 * container down (network namespace, mounts), when an inspect would block until it has.
 */
export function exitFromDieEvent(
  attributes: Readonly<Record<string, string>>,
  containerId: string,
  pid: number,
): ExitInfo {
  const code = Number(attributes.exitCode);
  return { exitCode: Number.isInteger(code) ? code : -1, containerId, pid };
}
