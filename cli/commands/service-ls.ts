// `covey service ls`: ID NAME MODE REPLICAS IMAGE PORTS, replicas as running/desired.
import { Command } from 'commander';
import type { ControlClient } from '../control-client.ts';
import type { Service__Output } from '../../proto/gen/covey/v1/Service.ts';
import type { ServiceReplicaStatus__Output } from '../../proto/gen/covey/v1/ServiceReplicaStatus.ts';
import { withControlClient } from './client-options.ts';
import { listAllServices } from './list-all.ts';
import { formatOption, type OutputFormat, toJson } from './output-format.ts';
import { serviceImage, servicePorts } from './service-summary.ts';
import { formatTable } from './table.ts';

/** ListServiceStatuses takes at most 1000 IDs per request. */
const STATUS_BATCH = 1000;

export function serviceLsCommand(): Command {
  return new Command('ls')
    .alias('list')
    .description('list services')
    .option('-q, --quiet', 'only IDs')
    .addOption(formatOption())
    .action(async (opts: { quiet?: boolean; format: OutputFormat }, cmd: Command) => {
      await withControlClient(cmd, async (client) => {
        const services = (await listAllServices(client)).sort((a, b) =>
          (a.spec?.annotations?.name ?? '').localeCompare(b.spec?.annotations?.name ?? ''),
        );
        if (opts.quiet) {
          process.stdout.write(services.map((s) => `${s.id}\n`).join(''));
          return;
        }
        const statuses = await replicaStatuses(
          client,
          services.map((s) => s.id),
        );
        if (opts.format === 'json') {
          process.stdout.write(
            toJson(services.map((s) => ({ ...s, replicaStatus: statuses.get(s.id) ?? null }))),
          );
          return;
        }
        const rows = services.map((s) => [
          s.id.slice(0, 12),
          s.spec?.annotations?.name ?? '',
          s.spec?.global ? 'global' : 'replicated',
          replicas(s, statuses.get(s.id)),
          serviceImage(s.spec),
          servicePorts(s.spec),
        ]);
        process.stdout.write(formatTable(['ID', 'NAME', 'MODE', 'REPLICAS', 'IMAGE', 'PORTS'], rows));
      });
    });
}

function replicas(s: Service__Output, status: ServiceReplicaStatus__Output | undefined): string {
  const max = s.spec?.task?.placement?.maxReplicasPerNode;
  const count = `${status?.runningTasks ?? 0}/${status?.desiredTasks ?? 0}`;
  return max ? `${count} (max ${max} per node)` : count;
}

/** Running/desired counts of `serviceIds`, in requests of at most STATUS_BATCH IDs. */
async function replicaStatuses(
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
