// How a container ended, read from the engine's record of it (inspect), as the ExitInfo a task reports.
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
