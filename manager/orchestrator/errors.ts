// Named errors of the orchestrators: raised only for inputs the store should never hold (a service
// without a spec, a service handed to the reconciler of the other mode).
export class OrchestratorError extends Error {
  override name = 'OrchestratorError';
}

/** The service has no spec or no task template, so no task can be built from it. */
export class ServiceSpecMissingError extends OrchestratorError {
  override name = 'ServiceSpecMissingError';
  constructor(
    readonly serviceId: string,
    readonly field: 'spec' | 'spec.task',
  ) {
    super(`service ${serviceId} has no ${field}; cannot create tasks from it`);
  }
}

/** A global service was given to the replicated reconciler, or the reverse. */
export class ServiceModeError extends OrchestratorError {
  override name = 'ServiceModeError';
  constructor(
    readonly serviceId: string,
    readonly expected: 'replicated' | 'global',
    readonly actual: 'replicated' | 'global',
  ) {
    super(`service ${serviceId} is ${actual}, expected ${expected}`);
  }
}
