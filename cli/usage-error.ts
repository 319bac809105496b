// A mistake of the operator's (bad flag, wrong token, unusable data dir): printed as one line,
// without a stack trace, and the process exits with status 2.
export class UsageError extends Error {
  override name = 'UsageError';
}
