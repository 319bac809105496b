// `covey service scale SERVICE=REPLICAS...`: sets the replica count of replicated services.
import { Command } from 'commander';
import { UsageError } from '../usage-error.ts';
import { withControlClient } from './client-options.ts';
import { FlagValueError } from './flag-value-error.ts';
import { resolveService } from './resolve-reference.ts';
import { nonNegativeInt } from './service-flags.ts';

/** `web=6` → ['web', 6]. */
export function parseScaleArgument(arg: string): [string, number] {
  const eq = arg.lastIndexOf('=');
  if (eq <= 0) throw new FlagValueError('scale', arg, 'SERVICE=REPLICAS, e.g. web=6');
  return [arg.slice(0, eq), nonNegativeInt(`scale ${arg.slice(0, eq)}`, arg.slice(eq + 1))];
}

export function serviceScaleCommand(): Command {
  return new Command('scale')
    .description('scale replicated services')
    .argument('<service=replicas...>', 'e.g. web=6 api=2')
    .action(async (args: string[], _opts: object, cmd: Command) => {
      const wanted = args.map(parseScaleArgument);
      await withControlClient(cmd, async (client) => {
        for (const [ref, replicas] of wanted) {
          const service = await resolveService(client, ref);
          if (!service.spec || service.spec.global)
            throw new UsageError(`${ref}: scale can only be used with replicated mode`);
          const { global: _global, replicated: _replicated, ...rest } = service.spec;
          await client.updateService({
            serviceId: service.id,
            serviceVersion: service.meta?.version ?? 0,
            spec: { ...rest, replicated: { replicas } },
          });
          process.stdout.write(`${ref} scaled to ${replicas}\n`);
        }
      });
    });
}
