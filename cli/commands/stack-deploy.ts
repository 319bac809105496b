// `covey stack deploy -c FILE [--prune] STACK`: creates the stack's services from a compose file,
// updates those whose spec changed (the managers roll their tasks) and, with --prune, removes the
// ones the file dropped. The file is read whole before the cluster is touched.
import { Command } from 'commander';
import { readComposeStack } from '../stack/compose-stack.ts';
import { formatComposeWarning } from '../stack/compose-warnings.ts';
import { planStackDeploy } from '../stack/stack-diff.ts';
import { checkStackName, stackFilter } from '../stack/stack-labels.ts';
import { withControlClient } from './client-options.ts';
import { listAllServices } from './list-all.ts';
import { updateStackService } from './stack-service-update.ts';

interface DeployFlags {
  composeFile: string;
  prune?: boolean;
  detach?: boolean;
}

export function stackDeployCommand(): Command {
  return new Command('deploy')
    .alias('up')
    .description('deploy a new stack or update an existing one from a compose file')
    .argument('<stack>', 'stack name (services are named <stack>_<service>)')
    .requiredOption('-c, --compose-file <file>', "path to a compose file, or '-' for standard input")
    .option('--prune', 'remove services of the stack that the file no longer has')
    .option('-d, --detach', 'return once the services are created or updated, without waiting')
    .action(async (stack: string, flags: DeployFlags, cmd: Command) => {
      checkStackName(stack);
      const compose = readComposeStack(flags.composeFile, stack, process.env);
      for (const w of compose.warnings) process.stderr.write(`${formatComposeWarning(w)}\n`);
      await withControlClient(cmd, async (client) => {
        const current = await listAllServices(client, stackFilter(stack));
        const plan = planStackDeploy(compose.services, current);
        if (flags.prune) {
          for (const s of plan.remove) {
            process.stdout.write(`Removing service ${s.spec?.annotations?.name ?? s.id}\n`);
            await client.removeService(s.id);
          }
        }
        const updates = new Map(plan.update.map((u) => [u.service.name, u]));
        const creates = new Set(plan.create);
        for (const service of compose.services) {
          if (creates.has(service)) {
            process.stdout.write(`Creating service ${service.name}\n`);
            await client.createService({ spec: service.spec });
            continue;
          }
          const update = updates.get(service.name);
          if (!update) continue;
          process.stdout.write(`Updating service ${service.name} (id: ${update.current.id})\n`);
          await updateStackService(client, update);
        }
      });
    });
}
