// A flag given a value the CLI cannot use (`--limit-memory 12Q`): a usage error naming the flag,
// the value and what would be accepted, so it prints as one line and exits 2.
import { UsageError } from '../usage-error.ts';

export class FlagValueError extends UsageError {
  override name = 'FlagValueError';
  constructor(
    readonly flag: string,
    readonly value: string,
    readonly expected: string,
    options?: ErrorOptions,
  ) {
    super(`invalid value ${JSON.stringify(value)} for ${flag}: expected ${expected}`, options);
  }
}
