// One service of a stack updated to its compose spec. The version sent is the one read; when the
// service changed meanwhile (a rolling update writes its status as it goes), it is read again,
// compared again, and the update retried.
import * as grpc from '@grpc/grpc-js';
import type { ControlClient } from '../control-client.ts';
import { planStackDeploy, type StackUpdate } from '../stack/stack-diff.ts';
import { isServiceError } from './control-call-error.ts';

/** Attempts before a stale version is reported as the failure it is. */
export const STACK_UPDATE_ATTEMPTS = 3;

/** False when the re-read service turned out to match the file already. */
export async function updateStackService(
  client: Pick<ControlClient, 'updateService' | 'getService'>,
  first: StackUpdate,
): Promise<boolean> {
  let update = first;
  for (let attempt = 1; ; attempt++) {
    try {
      await client.updateService({
        serviceId: update.current.id,
        serviceVersion: update.current.meta?.version ?? 0,
        spec: update.spec,
      });
      return true;
    } catch (err) {
      const stale = isServiceError(err) && err.code === grpc.status.FAILED_PRECONDITION;
      if (!stale || attempt >= STACK_UPDATE_ATTEMPTS) throw err;
      const { service } = await client.getService(update.current.id);
      const next = service ? planStackDeploy([update.service], [service]).update[0] : undefined;
      if (next === undefined) return false;
      update = next;
    }
  }
}
