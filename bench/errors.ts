// The failures of the benchmarks, one class each, so a run that cannot finish says why in one line.

/** A benchmark phase that did not finish in time. */
export class BenchDeadlineError extends Error {
  constructor(
    /** What was still unfinished, e.g. `38 of 50 tasks of covey-bench/busybox:2 RUNNING`. */
    readonly what: string,
    readonly deadlineMs: number,
  ) {
    super(`${what} after ${deadlineMs} ms`);
    this.name = 'BenchDeadlineError';
  }
}

/** A control API call of the bench answered without the object it is for. */
export class EmptyAnswerError extends Error {
  constructor(
    /** The call and the field missing from its answer, e.g. `CreateService: service`. */
    readonly what: string,
  ) {
    super(`${what} is missing from the answer`);
    this.name = 'EmptyAnswerError';
  }
}

/** The Swarm baseline script failed, or printed no result line. */
export class SwarmBaselineError extends Error {
  constructor(
    readonly script: string,
    /** null: killed by a signal, or it could not be started. */
    readonly exitCode: number | null,
    /** The end of what it printed, for the reason. */
    readonly outputTail: string,
    options?: { cause?: unknown },
  ) {
    super(`${script} exited with ${exitCode ?? 'no code'}: ${outputTail.trim() || '(no output)'}`, options);
    this.name = 'SwarmBaselineError';
  }
}

/** The run was interrupted (Ctrl-C, SIGTERM); it cleaned up and printed no result. */
export class BenchInterruptedError extends Error {
  constructor(readonly signal: string) {
    super(`interrupted by ${signal}`);
    this.name = 'BenchInterruptedError';
  }
}
