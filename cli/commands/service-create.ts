// `covey service create [flags] IMAGE [COMMAND [ARG...]]`: creates the service and prints its ID
// (like `docker service create -d`; no progress display yet).
import { Command } from 'commander';
import { withControlClient } from './client-options.ts';
import { type ServiceCreateFlags, serviceSpecFromFlags } from './service-flags.ts';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function serviceCreateCommand(): Command {
  return new Command('create')
    .description('create a service (with --runtime process, IMAGE is the program and the rest its arguments)')
    .argument('<image>', 'image to run (the program, with --runtime process)')
    .argument('[command...]', 'command and arguments (the image CMD by default)')
    .option('--name <name>', 'service name')
    .option('--replicas <n>', 'number of tasks (replicated mode)')
    .option('--mode <mode>', 'replicated or global', 'replicated')
    .option('-e, --env <NAME=VALUE>', 'environment variable (repeatable)', collect)
    .option('--label <KEY=VALUE>', 'service label (repeatable)', collect)
    .option('--constraint <expr>', 'placement constraint, e.g. node.labels.zone==east (repeatable)', collect)
    .option('--replicas-max-per-node <n>', 'at most this many tasks of the service per node')
    .option(
      '-p, --publish <published:target[/proto]>',
      'publish a port on the node (host mode; repeatable)',
      collect,
    )
    .option('--mount <type=,source=,target=[,readonly]>', 'bind, volume or tmpfs mount (repeatable)', collect)
    .option('--reserve-cpu <cpus>', 'CPUs to reserve, e.g. 0.5')
    .option('--reserve-memory <size>', 'memory to reserve, e.g. 512M')
    .option('--limit-cpu <cpus>', 'CPU limit, e.g. 1.5')
    .option('--limit-memory <size>', 'memory limit, e.g. 1G')
    .option('--restart-condition <c>', 'any, on-failure or none')
    .option('--restart-delay <duration>', 'delay between restarts, e.g. 5s')
    .option('--restart-max-attempts <n>', 'restarts allowed (0: unlimited)')
    .option('--stop-grace-period <duration>', 'time before SIGKILL, e.g. 10s')
    .option('--stop-signal <signal>', 'signal to stop the task')
    .option('--health-cmd <command>', 'command to check health (run by the shell)')
    .option('--health-interval <duration>', 'time between checks')
    .option('--health-timeout <duration>', 'maximum time a check may take')
    .option('--health-retries <n>', 'consecutive failures that make the task unhealthy')
    .option('--health-start-period <duration>', 'start period during which failures do not count')
    .option('--no-healthcheck', "disable the image's HEALTHCHECK")
    .option('--workdir <dir>', 'working directory')
    .option('-u, --user <user>', 'user[:group] to run as')
    .option('--entrypoint <command>', "override the image's ENTRYPOINT")
    .option('--runtime <runtime>', 'docker (a container) or process (a program on the host)', 'docker')
    .action(async (image: string, command: string[], flags: ServiceCreateFlags, cmd: Command) => {
      const spec = serviceSpecFromFlags(flags, image, command);
      await withControlClient(cmd, async (client) => {
        const { service } = await client.createService({ spec });
        process.stdout.write(`${service?.id ?? ''}\n`);
      });
    });
}
