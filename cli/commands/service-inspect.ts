// `covey service inspect SERVICE...`: the services as JSON (an array, as Docker prints it).
import { Command } from 'commander';
import { withControlClient } from './client-options.ts';
import { toJson } from './output-format.ts';
import { resolveService } from './resolve-reference.ts';

export function serviceInspectCommand(): Command {
  return new Command('inspect')
    .description('show services in detail, as JSON')
    .argument('<service...>', 'service name, ID or ID prefix')
    .action(async (refs: string[], _opts: object, cmd: Command) => {
      await withControlClient(cmd, async (client) => {
        const services = [];
        for (const ref of refs) services.push(await resolveService(client, ref));
        process.stdout.write(toJson(services));
      });
    });
}
