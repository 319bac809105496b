// `covey events` lost its stream and no manager it knows took it up again within its attempts.
import type * as grpc from '@grpc/grpc-js';

export class EventStreamLostError extends Error {
  override name = 'EventStreamLostError';
  constructor(
    /** Every manager address tried. */
    readonly hosts: readonly string[],
    readonly attempts: number,
    /** The last failure's gRPC code and details (not `code`: this is no gRPC error itself). */
    readonly lastCode: grpc.status,
    readonly lastDetails: string,
    options?: ErrorOptions,
  ) {
    super(`event stream lost after ${attempts} attempts at ${hosts.join(', ')}: ${lastDetails}`, options);
  }
}
