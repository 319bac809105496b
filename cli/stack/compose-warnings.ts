// Something in a compose file covey accepts but does not act on (a key Swarm ignores, an unset
// variable): printed on stderr before the deploy, naming the file, line and key.
export interface ComposeWarning {
  readonly file: string;
  readonly line: number;
  /** Dotted path of the key, e.g. `services.web.build`. */
  readonly key: string;
  readonly message: string;
}

export function formatComposeWarning(w: ComposeWarning): string {
  return `warning: ${w.line > 0 ? `${w.file}:${w.line}` : w.file}: ${w.key}: ${w.message}`;
}
