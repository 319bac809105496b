// What is wrong with a compose file, located: `compose.yml:12: services.web.deploy.replicas: must be
// a non-negative integer`. Usage errors, so the CLI prints that one line and exits 2.
import { UsageError } from '../usage-error.ts';

export class ComposeFileError extends UsageError {
  override name = 'ComposeFileError';
  constructor(
    readonly file: string,
    /** 1-based; 0 when the problem has no place in the file (an empty file). */
    readonly line: number,
    /** Dotted path of the key (`services.web.ports[1]`); empty for a YAML syntax error. */
    readonly key: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`${line > 0 ? `${file}:${line}` : file}: ${key === '' ? '' : `${key}: `}${reason}`, options);
  }
}

/** The compose file (or an env_file it names) cannot be read at all. */
export class ComposeFileReadError extends UsageError {
  override name = 'ComposeFileReadError';
  constructor(
    readonly file: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`cannot read compose file ${file}: ${reason}`, options);
  }
}
