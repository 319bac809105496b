// `covey stack ls`: the stacks (services labelled with a stack namespace) and how many services each has.
import { Command } from 'commander';
import { stackFilter, stackOf } from '../stack/stack-labels.ts';
import { withControlClient } from './client-options.ts';
import { listAllServices } from './list-all.ts';
import { formatOption, type OutputFormat, toJson } from './output-format.ts';
import { formatTable } from './table.ts';

export function stackLsCommand(): Command {
  return new Command('ls')
    .alias('list')
    .description('list stacks')
    .option('-q, --quiet', 'only names')
    .addOption(formatOption())
    .action(async (opts: { quiet?: boolean; format: OutputFormat }, cmd: Command) => {
      await withControlClient(cmd, async (client) => {
        const counts = new Map<string, number>();
        for (const s of await listAllServices(client, stackFilter())) {
          const stack = stackOf(s);
          if (stack !== undefined) counts.set(stack, (counts.get(stack) ?? 0) + 1);
        }
        const stacks = [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        if (opts.quiet) process.stdout.write(stacks.map(([name]) => `${name}\n`).join(''));
        else if (opts.format === 'json')
          process.stdout.write(toJson(stacks.map(([name, services]) => ({ name, services }))));
        else
          process.stdout.write(
            formatTable(
              ['NAME', 'SERVICES'],
              stacks.map(([name, n]) => [name, String(n)]),
            ),
          );
      });
    });
}
