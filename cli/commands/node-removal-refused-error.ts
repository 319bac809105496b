// `covey node rm` refused by the managers (a manager, or a node that is not down without --force):
// their reason plus the command that gets past it, for the one-line message (cli-errors.ts).
export class NodeRemovalRefusedError extends Error {
  override name = 'NodeRemovalRefusedError';
  constructor(
    /** The node as the user named it. */
    readonly ref: string,
    /** The managers' reason. */
    readonly details: string,
    /** The command that gets past it. */
    readonly remedy: string,
    options?: ErrorOptions,
  ) {
    super(`${details} (${remedy})`, options);
  }
}
