// `covey service scale SERVICE=REPLICAS...`: sets the replica count of replicated services, then —
// unless --detach — shows each one's progress and exits 0 only once all of them converged.
import { Command } from 'commander';
import type { Service__Output } from '../../proto/gen/covey/v1/Service.ts';
import {
  addConvergenceOptions,
  awaitConvergence,
  type ConvergenceFlags,
  convergenceTimeoutMs,
} from '../progress/await-convergence.ts';
import { UsageError } from '../usage-error.ts';
import { withControlClient } from './client-options.ts';
import { FlagValueError } from './flag-value-error.ts';
import { resolveService } from './resolve-reference.ts';
import { nonNegativeInt } from './service-flags.ts';
import { updateService } from './service-update.ts';

/** `web=6` → ['web', 6]. */
export function parseScaleArgument(arg: string): [string, number] {
  const eq = arg.lastIndexOf('=');
  if (eq <= 0) throw new FlagValueError('scale', arg, 'SERVICE=REPLICAS, e.g. web=6');
  return [arg.slice(0, eq), nonNegativeInt(`scale ${arg.slice(0, eq)}`, arg.slice(eq + 1))];
}

export function serviceScaleCommand(): Command {
  return addConvergenceOptions(
    new Command('scale')
      .description('scale replicated services')
      .argument('<service=replicas...>', 'e.g. web=6 api=2'),
  ).action(async (args: string[], flags: ConvergenceFlags, cmd: Command) => {
    const wanted = args.map(parseScaleArgument);
    convergenceTimeoutMs(flags);
    await withControlClient(cmd, async (client, target) => {
      // All requests first, as Docker does: the services converge side by side while we watch.
      const scaled: Service__Output[] = [];
      for (const [ref, replicas] of wanted) {
        const service = await resolveService(client, ref);
        const updated = await updateService(client, service, (current) => {
          if (!current.spec || current.spec.global)
            throw new UsageError(`${ref}: scale can only be used with replicated mode`);
          const { global: _global, replicated: _replicated, ...rest } = current.spec;
          return { spec: { ...rest, replicated: { replicas } } };
        });
        process.stdout.write(`${ref} scaled to ${replicas}\n`);
        scaled.push(updated);
      }
      for (const service of scaled) {
        const outcome = await awaitConvergence({
          client,
          target,
          service,
          goal: 'converge',
          flags,
        });
        if (outcome === 'detached') return;
      }
    });
  });
}
