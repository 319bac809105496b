// Named failures of the simulation: a violated property (the core is wrong, or the run shows no
// progress) versus a broken harness assumption (the simulation itself is wrong).

export type Property =
  | 'election-safety'
  | 'vote-uniqueness'
  | 'log-matching'
  | 'leader-completeness'
  | 'committed-entry-overwritten'
  | 'state-machine-safety'
  | 'apply-order'
  | 'durable-state-monotonic'
  | 'core-contract'
  | 'core-exception'
  | 'linearizability'
  | 'acked-write-lost'
  | 'replica-divergence'
  | 'no-progress';

export class PropertyViolation extends Error {
  override name = 'PropertyViolation';
  constructor(
    readonly property: Property,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${property}: ${detail}`, options);
  }
}

/** The simulation broke its own invariant; not evidence against the core. */
export class HarnessError extends Error {
  override name = 'HarnessError';
}
