// A ControlService call that failed, with what the user told the CLI to use (managers, cert dir),
// so the one error mapping (cli-errors.ts) can say what to check.
import type * as grpc from '@grpc/grpc-js';

export class ControlCallError extends Error {
  override name = 'ControlCallError';
  constructor(
    readonly code: grpc.status,
    readonly details: string,
    readonly hosts: readonly string[],
    readonly certDir: string,
    options?: ErrorOptions,
  ) {
    super(details, options);
  }
}

/** grpc-js failures carry a numeric code and the server's details. */
export function isServiceError(err: unknown): err is grpc.ServiceError {
  return (
    err instanceof Error && typeof (err as Partial<grpc.ServiceError>).code === 'number' && 'details' in err
  );
}
