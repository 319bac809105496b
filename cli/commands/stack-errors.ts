// A stack named on the command line that has no services (as Docker says it: nothing found in stack).
import { UsageError } from '../usage-error.ts';

export class NothingInStackError extends UsageError {
  override name = 'NothingInStackError';
  constructor(readonly stackName: string) {
    super(`nothing found in stack: ${stackName} (list stacks with \`covey stack ls\`)`);
  }
}
