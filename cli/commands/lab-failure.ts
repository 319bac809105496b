// Which failures are the lab's own (a lab already running, none to stop, a node that never came
// up, …): cli-errors.ts prints their message as is, with exit status 1.
import {
  LabAlreadyRunningError,
  LabDirOccupiedError,
  LabNotReadyError,
  LabPortsInUseError,
  LabStateDamagedError,
  LabStopFailedError,
  NoLabError,
} from '../lab/lab-errors.ts';

const LAB_ERRORS = [
  LabAlreadyRunningError,
  LabDirOccupiedError,
  LabNotReadyError,
  LabPortsInUseError,
  LabStateDamagedError,
  LabStopFailedError,
  NoLabError,
] as const;

export function isLabFailure(err: unknown): err is Error {
  return LAB_ERRORS.some((E) => err instanceof E);
}
