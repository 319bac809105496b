// `covey node ls`: ID HOSTNAME STATUS AVAILABILITY MANAGER STATUS VERSION.
import { Command } from 'commander';
import { withControlClient } from './client-options.ts';
import { listAllNodes } from './list-all.ts';
import { formatOption, type OutputFormat, toJson } from './output-format.ts';
import { availabilityName, managerStatusName, nodeStateName } from './state-names.ts';
import { formatTable } from './table.ts';

export function nodeLsCommand(): Command {
  return new Command('ls')
    .alias('list')
    .description('list the nodes of the cluster')
    .option('-q, --quiet', 'only IDs')
    .addOption(formatOption())
    .action(async (opts: { quiet?: boolean; format: OutputFormat }, cmd: Command) => {
      await withControlClient(cmd, async (client) => {
        const nodes = (await listAllNodes(client)).sort((a, b) =>
          (a.description?.hostname ?? '').localeCompare(b.description?.hostname ?? ''),
        );
        if (opts.quiet) return void process.stdout.write(nodes.map((n) => `${n.id}\n`).join(''));
        if (opts.format === 'json') return void process.stdout.write(toJson(nodes));
        const rows = nodes.map((n) => [
          n.id,
          n.description?.hostname ?? '',
          nodeStateName(n.status?.state ?? 0),
          availabilityName(n.spec?.availability ?? 0),
          managerStatusName(n),
          n.description?.coveyVersion ?? '',
        ]);
        process.stdout.write(
          formatTable(['ID', 'HOSTNAME', 'STATUS', 'AVAILABILITY', 'MANAGER STATUS', 'VERSION'], rows),
        );
      });
    });
}
