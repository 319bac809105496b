// `covey service rollback SERVICE`: back to the spec before the last update (the manager swaps spec
// and previous_spec and rolls the tasks with rollback_config), then — unless --detach — shows the
// rollback and exits 0 once it completed.
import { Command } from 'commander';
import {
  addConvergenceOptions,
  awaitConvergence,
  type ConvergenceFlags,
  convergenceTimeoutMs,
} from '../progress/await-convergence.ts';
import { withControlClient } from './client-options.ts';
import { resolveService } from './resolve-reference.ts';
import { updateService } from './service-update.ts';

export function serviceRollbackCommand(): Command {
  return addConvergenceOptions(
    new Command('rollback')
      .description('revert a service to its previous spec (the one before the last `service update`)')
      .argument('<service>', 'service name, ID or ID prefix'),
  ).action(async (ref: string, flags: ConvergenceFlags, cmd: Command) => {
    convergenceTimeoutMs(flags);
    await withControlClient(cmd, async (client, target) => {
      const service = await resolveService(client, ref);
      const rolledBack = await updateService(client, service, () => ({ rollback: true }));
      process.stdout.write(`${ref}\n`);
      await awaitConvergence({
        client,
        target,
        service: rolledBack,
        goal: 'rollback',
        flags,
      });
    });
  });
}
