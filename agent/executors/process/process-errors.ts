// Failures particular to the process runtime, named so the controller can turn each into the task
// outcome the contract asks for (a rejection, a lost workload) and the log says what went wrong.
import { ExecutorError } from '../errors.ts';

/** A task's record file exists but cannot be read as a record: its workload cannot be adopted. */
export class ProcessRecordError extends ExecutorError {
  override name = 'ProcessRecordError';
  constructor(
    readonly path: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`process record ${path} is unreadable: ${reason}`, options);
  }
}

/** `spec.user` names no user or group of this host, or one the agent cannot switch to. */
export class UnknownUserError extends ExecutorError {
  override name = 'UnknownUserError';
  constructor(
    readonly user: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`user ${JSON.stringify(user)}: ${reason}`, options);
  }
}

/** The agent could not signal a task's process group (other than because it is gone). */
export class ProcessSignalError extends ExecutorError {
  override name = 'ProcessSignalError';
  constructor(
    readonly pgid: number,
    readonly signal: number,
    options?: ErrorOptions,
  ) {
    super(`cannot send signal ${signal} to process group ${pgid}`, options);
  }
}
