// The ways `covey lab` fails that the operator reads as one line (cli/commands/lab-failure.ts says
// them): each names the lab directory, and the node and its log when one node is to blame.

/** `lab up` where a lab runs (or is being started) already. */
export class LabAlreadyRunningError extends Error {
  override name = 'LabAlreadyRunningError';
  constructor(
    readonly dir: string,
    /** Names of the nodes (or `lab up`) still running. */
    readonly running: readonly string[],
  ) {
    super(`a lab is already running in ${dir} (${running.join(', ')}); stop it with \`covey lab down\``);
  }
}

/** `lab status` / `lab down` where no lab was started. */
export class NoLabError extends Error {
  override name = 'NoLabError';
  constructor(readonly dir: string) {
    super(`no lab in ${dir} (start one with \`covey lab up\`)`);
  }
}

/** lab.json cannot be read as a lab; it was moved aside so that nothing reads it again. */
export class LabStateDamagedError extends Error {
  override name = 'LabStateDamagedError';
  constructor(
    readonly path: string,
    readonly problem: string,
    /** Where the damaged file now is (undefined when it could not be moved). */
    readonly setAsidePath: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(
      `${path} is damaged (${problem}); ${
        setAsidePath === undefined ? 'it could not be moved aside' : `moved aside to ${setAsidePath}`
      }: daemons it recorded may still run (look for \`covey daemon\` processes), then remove the directory`,
      options,
    );
  }
}

/** A node folder the lab would create is there already without a lab.json that records it. */
export class LabDirOccupiedError extends Error {
  override name = 'LabDirOccupiedError';
  constructor(readonly path: string) {
    super(`${path} exists but no lab records it: remove it or choose another --dir`);
  }
}

/** `--port-base` asked for ports that are taken. */
export class LabPortsInUseError extends Error {
  override name = 'LabPortsInUseError';
  constructor(readonly ports: readonly number[]) {
    super(
      `ports in use on 127.0.0.1: ${ports.join(', ')} (choose another --port-base, or --port-base 0 for any free ports)`,
    );
  }
}

/** The cluster was not ready in time (or a daemon exited): names the node, its log and the log's end. */
export class LabNotReadyError extends Error {
  override name = 'LabNotReadyError';
  constructor(
    readonly node: string,
    readonly reason: string,
    readonly logPath: string,
    readonly logTail: string,
    options?: { cause?: unknown },
  ) {
    super(
      `the lab did not come up: ${node} ${reason}; its log is ${logPath}${
        logTail === '' ? '' : `, ending with:\n${indent(logTail)}`
      }\n(the daemons were stopped; \`covey lab down\` removes the directory)`,
      options,
    );
  }
}

function indent(text: string): string {
  return text
    .trimEnd()
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}

/** `lab down` could not stop some daemons, even with SIGKILL: their folders are kept. */
export class LabStopFailedError extends Error {
  override name = 'LabStopFailedError';
  constructor(
    readonly dir: string,
    /** `name (pid N)` of each daemon still running. */
    readonly running: readonly string[],
  ) {
    super(`could not stop ${running.join(', ')}; ${dir} is kept (try \`covey lab down\` again)`);
  }
}
