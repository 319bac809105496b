// `covey service create [flags] IMAGE [COMMAND [ARG...]]`: creates the service, prints its ID, then
// (unless --detach) shows the tasks' progress and exits 0 only once the service has converged.
import { Command } from 'commander';
import {
  addConvergenceOptions,
  awaitConvergence,
  type ConvergenceFlags,
  convergenceTimeoutMs,
} from '../progress/await-convergence.ts';
import { withControlClient } from './client-options.ts';
import {
  addTaskOptions,
  addUpdateConfigOptions,
  collect,
  type ServiceCreateFlags,
  serviceSpecFromFlags,
} from './service-flags.ts';

export function serviceCreateCommand(): Command {
  const command = new Command('create')
    .description('create a service (with --runtime process, IMAGE is the program and the rest its arguments)')
    .argument('<image>', 'image to run (the program, with --runtime process)')
    .argument('[command...]', 'command and arguments (the image CMD by default)')
    .passThroughOptions()
    .option('--name <name>', 'service name')
    .option('--replicas <n>', 'number of tasks (replicated mode)')
    .option('--mode <mode>', 'replicated or global', 'replicated')
    .option('-e, --env <NAME=VALUE>', 'environment variable (repeatable)', collect)
    .option('--label <KEY=VALUE>', 'service label (repeatable)', collect)
    .option('--constraint <expr>', 'placement constraint, e.g. node.labels.zone==east (repeatable)', collect)
    .option(
      '--placement-pref <pref>',
      'placement preference, e.g. spread=node.labels.zone (repeatable)',
      collect,
    )
    .option('--replicas-max-per-node <n>', 'at most this many tasks of the service per node')
    .option(
      '-p, --publish <published:target[/proto]>',
      'publish a port on the node (host mode; repeatable)',
      collect,
    )
    .option(
      '--mount <type=,source=,target=[,readonly]>',
      'bind, volume or tmpfs mount (repeatable)',
      collect,
    );
  addTaskOptions(command);
  command.option('--runtime <runtime>', 'docker (a container) or process (a program on the host)', 'docker');
  addUpdateConfigOptions(command);
  return addConvergenceOptions(command).action(
    async (image: string, args: string[], flags: ServiceCreateFlags & ConvergenceFlags, cmd: Command) => {
      const spec = serviceSpecFromFlags(flags, image, args);
      convergenceTimeoutMs(flags);
      await withControlClient(cmd, async (client, target) => {
        const { service } = await client.createService({ spec });
        if (!service) throw new Error('CreateService answered without the service');
        process.stdout.write(`${service.id}\n`);
        await awaitConvergence({ client, target, service, goal: 'converge', flags });
      });
    },
  );
}
