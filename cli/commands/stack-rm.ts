// `covey stack rm STACK...`: removes every service of the stacks (their tasks are stopped and reaped).
import { Command } from 'commander';
import { checkStackName, stackFilter } from '../stack/stack-labels.ts';
import { withControlClient } from './client-options.ts';
import { listAllServices } from './list-all.ts';

export function stackRmCommand(): Command {
  return new Command('rm')
    .aliases(['remove', 'down'])
    .description('remove one or more stacks')
    .argument('<stack...>', 'stack names')
    .action(async (stacks: string[], _opts: object, cmd: Command) => {
      for (const stack of stacks) checkStackName(stack);
      await withControlClient(cmd, async (client) => {
        for (const stack of stacks) {
          const services = (await listAllServices(client, stackFilter(stack))).sort((a, b) =>
            (a.spec?.annotations?.name ?? '').localeCompare(b.spec?.annotations?.name ?? ''),
          );
          if (services.length === 0) {
            process.stderr.write(`Nothing found in stack: ${stack}\n`);
            continue;
          }
          for (const s of services) {
            process.stdout.write(`Removing service ${s.spec?.annotations?.name ?? s.id}\n`);
            await client.removeService(s.id);
          }
        }
      });
    });
}
