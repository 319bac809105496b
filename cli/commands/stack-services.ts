// `covey stack services STACK`: the services of a stack, as `service ls` shows them.
import { Command } from 'commander';
import { checkStackName, stackFilter } from '../stack/stack-labels.ts';
import { withControlClient } from './client-options.ts';
import { listAllServices } from './list-all.ts';
import { formatOption, type OutputFormat, toJson } from './output-format.ts';
import { listReplicaStatuses, SERVICE_HEADERS, serviceRows } from './service-table.ts';
import { formatTable } from './table.ts';

export function stackServicesCommand(): Command {
  return new Command('services')
    .description('list the services of a stack')
    .argument('<stack>', 'stack name')
    .option('-q, --quiet', 'only IDs')
    .addOption(formatOption())
    .action(async (stack: string, opts: { quiet?: boolean; format: OutputFormat }, cmd: Command) => {
      checkStackName(stack);
      await withControlClient(cmd, async (client) => {
        const services = (await listAllServices(client, stackFilter(stack))).sort((a, b) =>
          (a.spec?.annotations?.name ?? '').localeCompare(b.spec?.annotations?.name ?? ''),
        );
        if (opts.quiet) {
          process.stdout.write(services.map((s) => `${s.id}\n`).join(''));
          return;
        }
        if (services.length === 0 && opts.format === 'table') {
          process.stderr.write(`Nothing found in stack: ${stack}\n`);
          return;
        }
        const statuses = await listReplicaStatuses(
          client,
          services.map((s) => s.id),
        );
        if (opts.format === 'json') {
          process.stdout.write(
            toJson(services.map((s) => ({ ...s, replicaStatus: statuses.get(s.id) ?? null }))),
          );
          return;
        }
        process.stdout.write(formatTable(SERVICE_HEADERS, serviceRows(services, statuses)));
      });
    });
}
