// A service or node named on the command line that does not match exactly one object.
export class ObjectNotFoundError extends Error {
  override name = 'ObjectNotFoundError';
  constructor(
    readonly kind: 'service' | 'node' | 'task',
    readonly ref: string,
  ) {
    super(`${kind} ${ref} not found`);
  }
}

export class AmbiguousReferenceError extends Error {
  override name = 'AmbiguousReferenceError';
  constructor(
    readonly kind: 'service' | 'node',
    readonly ref: string,
    readonly matches: readonly string[],
  ) {
    super(`${kind} ${ref} is ambiguous (${matches.length} matches)`);
  }
}
