// Named errors of the scheduler's decision core. The control API maps ConstraintSyntaxError and
// PlacementPreferenceError to INVALID_ARGUMENT naming the field; nothing here parses message text.

export class SchedulerError extends Error {
  override name = 'SchedulerError';
}

/** A placement constraint that does not parse. `index` is its position in the constraints list. */
export class ConstraintSyntaxError extends SchedulerError {
  override name = 'ConstraintSyntaxError';
  constructor(
    readonly constraint: string,
    readonly index: number,
    readonly reason: string,
  ) {
    super(`invalid constraint ${JSON.stringify(constraint)}: ${reason}`);
  }
}

/** A placement preference whose spread descriptor is not `node.labels.KEY` or `engine.labels.KEY`. */
export class PlacementPreferenceError extends SchedulerError {
  override name = 'PlacementPreferenceError';
  constructor(
    readonly descriptor: string,
    readonly index: number,
    readonly reason: string,
  ) {
    super(`invalid placement preference spread=${JSON.stringify(descriptor)}: ${reason}`);
  }
}
