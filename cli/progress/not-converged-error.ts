// A service that did not converge after a create, update, rollback or scale: the reason the
// manager or the tasks gave, so a CI pipeline that waited sees why it failed.
//
// It is a ControlCallError (code ABORTED) because that is the mapped class of cli-errors.ts whose
// message carries the details and exits 1 (CONVERGENCE_EXIT.notConverged); a row of its own there
// would drop the `ABORTED:` prefix.
import * as grpc from '@grpc/grpc-js';
import type { ClientTarget } from '../commands/client-options.ts';
import { ControlCallError } from '../commands/control-call-error.ts';

export type NotConvergedKind = 'paused' | 'rolled-back' | 'unschedulable' | 'failed' | 'timeout';

export class NotConvergedError extends ControlCallError {
  override name = 'NotConvergedError';
  constructor(
    readonly serviceName: string,
    readonly kind: NotConvergedKind,
    readonly reason: string,
    target: ClientTarget,
    options?: ErrorOptions,
  ) {
    super(grpc.status.ABORTED, `${serviceName}: ${reason}`, target.hosts, target.certDir, options);
  }
}
