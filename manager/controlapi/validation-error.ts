// Spec validation errors that name the offending field (`spec.task.resources.limits.memoryBytes`),
// and the collector validators fill so one request reports every problem at once.

/** One problem with one field of a spec. The control API maps it to INVALID_ARGUMENT. */
export class SpecValidationError extends Error {
  override name = 'SpecValidationError';
  constructor(
    /** Dotted path in the request's JSON field names, e.g. `spec.task.placement.constraints[2]`. */
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

/** Every problem found in one spec, in field order; the message lists one per line. */
export class SpecValidationErrors extends Error {
  override name = 'SpecValidationErrors';
  constructor(readonly errors: readonly SpecValidationError[]) {
    super(
      errors.length === 1
        ? (errors[0]?.message ?? '')
        : `${errors.length} problems in spec:\n${errors.map((e) => e.message).join('\n')}`,
    );
  }
}

/** Accumulates problems while a validator walks a spec; `throwIfAny` ends the walk. */
export class SpecProblems {
  readonly errors: SpecValidationError[] = [];

  add(field: string, reason: string): void {
    this.errors.push(new SpecValidationError(field, reason));
  }

  throwIfAny(): void {
    if (this.errors.length > 0) throw new SpecValidationErrors(this.errors);
  }
}
