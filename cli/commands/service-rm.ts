// `covey service rm SERVICE...`: removes services (their tasks are stopped and reaped).
import { Command } from 'commander';
import { withControlClient } from './client-options.ts';
import { resolveService } from './resolve-reference.ts';

export function serviceRmCommand(): Command {
  return new Command('rm')
    .alias('remove')
    .description('remove services')
    .argument('<service...>', 'service name, ID or ID prefix')
    .action(async (refs: string[], _opts: object, cmd: Command) => {
      await withControlClient(cmd, async (client) => {
        for (const ref of refs) {
          const service = await resolveService(client, ref);
          await client.removeService(service.id);
          process.stdout.write(`${ref}\n`);
        }
      });
    });
}
