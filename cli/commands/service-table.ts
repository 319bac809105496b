// The `service ls` table (ID NAME MODE REPLICAS IMAGE PORTS, replicas as running/desired), for the
// commands that list services: `service ls` and `stack services`.
import type { Service__Output } from '../../proto/gen/covey/v1/Service.ts';
import type { ServiceReplicaStatus__Output } from '../../proto/gen/covey/v1/ServiceReplicaStatus.ts';
import type { ControlClient } from '../control-client.ts';
import { type OutputFormat, toJson } from './output-format.ts';
import { serviceImage, servicePorts } from './service-summary.ts';
import { formatTable } from './table.ts';

export const SERVICE_HEADERS = ['ID', 'NAME', 'MODE', 'REPLICAS', 'IMAGE', 'PORTS'] as const;

/** ListServiceStatuses takes at most 1000 IDs per request. */
const STATUS_BATCH = 1000;

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

/** Running/desired counts of `serviceIds`, in requests of at most STATUS_BATCH IDs. */
export async function listReplicaStatuses(
  client: ControlClient,
  serviceIds: readonly string[],
): Promise<Map<string, ServiceReplicaStatus__Output>> {
  const statuses = new Map<string, ServiceReplicaStatus__Output>();
  for (let i = 0; i < serviceIds.length; i += STATUS_BATCH) {
    const r = await client.listServiceStatuses(serviceIds.slice(i, i + STATUS_BATCH));
    for (const st of r.statuses) statuses.set(st.serviceId, st);
  }
  return statuses;
}

/** Writes `services` with their replica counts to stdout: the table, or JSON with `replicaStatus`. */
export async function writeServiceList(
  client: ControlClient,
  services: readonly Service__Output[],
  format: OutputFormat,
): Promise<void> {
  const statuses = await listReplicaStatuses(
    client,
    services.map((s) => s.id),
  );
  if (format === 'json') {
    process.stdout.write(toJson(services.map((s) => ({ ...s, replicaStatus: statuses.get(s.id) ?? null }))));
    return;
  }
  process.stdout.write(formatTable(SERVICE_HEADERS, serviceRows(services, statuses)));
}

/** Services in name order, as both listings show them. */
export function byServiceName(a: Service__Output, b: Service__Output): number {
  return (a.spec?.annotations?.name ?? '').localeCompare(b.spec?.annotations?.name ?? '');
}
