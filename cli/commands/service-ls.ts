// `covey service ls`: ID NAME MODE REPLICAS IMAGE PORTS, replicas as running/desired.
import type * as grpc from '@grpc/grpc-js';
import { Command } from 'commander';
import type { ControlClient } from '../control-client.ts';
import type { Service__Output } from '../../proto/gen/covey/v1/Service.ts';
import type { ServiceReplicaStatus__Output } from '../../proto/gen/covey/v1/ServiceReplicaStatus.ts';
import { withControlClient } from './client-options.ts';
import { listAllServices } from './list-all.ts';
import { formatOption, type OutputFormat, toJson } from './output-format.ts';
import { serviceImage, servicePorts } from './service-summary.ts';
import { formatTable } from './table.ts';

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

/** ControlClient has no wrapper for ListServiceStatuses yet; called on the raw client. */
function replicaStatuses(
  client: ControlClient,
  serviceIds: string[],
): Promise<Map<string, ServiceReplicaStatus__Output>> {
  if (serviceIds.length === 0) return Promise.resolve(new Map());
  return new Promise((resolve, reject) => {
    client
      .raw()
      .ListServiceStatuses(
        { serviceIds },
        { deadline: Date.now() + 15_000 },
        (err: grpc.ServiceError | null, r) => {
          if (err || !r) reject(err ?? new Error('empty response'));
          else resolve(new Map(r.statuses.map((st) => [st.serviceId, st])));
        },
      );
  });
}
