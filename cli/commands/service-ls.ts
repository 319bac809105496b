// `covey service ls`: ID NAME MODE REPLICAS IMAGE PORTS, replicas as running/desired.
import { Command } from 'commander';
import { withControlClient } from './client-options.ts';
import { listAllServices } from './list-all.ts';
import { formatOption, type OutputFormat } from './output-format.ts';
import { byServiceName, writeServiceList } from './service-table.ts';

export function serviceLsCommand(): Command {
  return new Command('ls')
    .alias('list')
    .description('list services')
    .option('-q, --quiet', 'only IDs')
    .addOption(formatOption())
    .action(async (opts: { quiet?: boolean; format: OutputFormat }, cmd: Command) => {
      await withControlClient(cmd, async (client) => {
        const services = (await listAllServices(client)).sort(byServiceName);
        if (opts.quiet) {
          process.stdout.write(services.map((s) => `${s.id}\n`).join(''));
          return;
        }
        await writeServiceList(client, services, opts.format);
      });
    });
}
