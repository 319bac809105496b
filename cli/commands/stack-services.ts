// `covey stack services STACK`: the services of a stack, as `service ls` shows them.
import { Command } from 'commander';
import { checkStackName, stackFilter } from '../stack/stack-labels.ts';
import { withControlClient } from './client-options.ts';
import { listAllServices } from './list-all.ts';
import { formatOption, type OutputFormat } from './output-format.ts';
import { byServiceName, writeServiceList } from './service-table.ts';

export function stackServicesCommand(): Command {
  return new Command('services')
    .description('list the services of a stack')
    .argument('<stack>', 'stack name')
    .option('-q, --quiet', 'only IDs')
    .addOption(formatOption())
    .action(async (stack: string, opts: { quiet?: boolean; format: OutputFormat }, cmd: Command) => {
      checkStackName(stack);
      await withControlClient(cmd, async (client) => {
        const services = (await listAllServices(client, stackFilter(stack))).sort(byServiceName);
        if (opts.quiet) {
          process.stdout.write(services.map((s) => `${s.id}\n`).join(''));
          return;
        }
        if (services.length === 0 && opts.format === 'table') {
          process.stderr.write(`Nothing found in stack: ${stack}\n`);
          return;
        }
        await writeServiceList(client, services, opts.format);
      });
    });
}
