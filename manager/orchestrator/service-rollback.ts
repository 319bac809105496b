// A service turned back to its previous spec: what `service rollback` writes and what the rolling
// update writes when its failure action ROLLBACK fires. Spec and version travel together, so tasks
// still running the previous spec count as current and only the updated slots are rolled back.
import type { Service__Output } from '../../proto/gen/covey/v1/Service.ts';
import type { ServiceSpec__Output } from '../../proto/gen/covey/v1/ServiceSpec.ts';
import type { UpdateStatus__Output } from '../../proto/gen/covey/v1/UpdateStatus.ts';
import { serviceEndpoint } from './service-endpoint.ts';

/** A service that was updated at least once: it has a spec to go back to. */
export type UpdatedService = Service__Output & { readonly previousSpec: ServiceSpec__Output };

export function hasPreviousSpec(service: Service__Output): service is UpdatedService {
  return service.previousSpec !== null;
}

export function rolledBackService(current: UpdatedService, status: UpdateStatus__Output): Service__Output {
  return {
    ...current,
    spec: current.previousSpec,
    specVersion: current.previousSpecVersion,
    previousSpec: current.spec,
    previousSpecVersion: current.specVersion,
    updateStatus: status,
    endpoint: serviceEndpoint(current.previousSpec),
  };
}
