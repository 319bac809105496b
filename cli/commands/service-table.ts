// The `service ls` table (ID NAME MODE REPLICAS IMAGE PORTS, replicas as running/desired), for the
// commands that list services: `stack services` (and `service ls`, which keeps its own copy for now).
import type * as grpc from '@grpc/grpc-js';
import type { Service__Output } from '../../proto/gen/covey/v1/Service.ts';
import type { ServiceReplicaStatus__Output } from '../../proto/gen/covey/v1/ServiceReplicaStatus.ts';
import type { ControlClient } from '../control-client.ts';
import { serviceImage, servicePorts } from './service-summary.ts';

export const SERVICE_HEADERS = ['ID', 'NAME', 'MODE', 'REPLICAS', 'IMAGE', 'PORTS'] as const;

export function serviceRows(
  services: readonly Service__Output[],
  statuses: ReadonlyMap<string, ServiceReplicaStatus__Output>,
): string[][] {
  return services.map((s) => [
    s.id.slice(0, 12),
    s.spec?.annotations?.name ?? '',
    s.spec?.global ? 'global' : 'replicated',
    replicasCell(s, statuses.get(s.id)),
    serviceImage(s.spec),
    servicePorts(s.spec),
  ]);
}

export function replicasCell(s: Service__Output, status: ServiceReplicaStatus__Output | undefined): string {
  const max = s.spec?.task?.placement?.maxReplicasPerNode;
  const count = `${status?.runningTasks ?? 0}/${status?.desiredTasks ?? 0}`;
  return max ? `${count} (max ${max} per node)` : count;
}

/** ControlClient has no wrapper for ListServiceStatuses yet; called on the raw client. */
export function listReplicaStatuses(
  client: ControlClient,
  serviceIds: readonly string[],
): Promise<Map<string, ServiceReplicaStatus__Output>> {
  if (serviceIds.length === 0) return Promise.resolve(new Map());
  return new Promise((resolve, reject) => {
    client
      .raw()
      .ListServiceStatuses(
        { serviceIds: [...serviceIds] },
        { deadline: Date.now() + 15_000 },
        (err: grpc.ServiceError | null, r) => {
          if (err || !r) reject(err ?? new Error('empty response'));
          else resolve(new Map(r.statuses.map((st) => [st.serviceId, st])));
        },
      );
  });
}
