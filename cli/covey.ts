// The covey command line: `covey daemon` runs a node; the client commands talk to the managers.
// Failures print one line (cli/commands/cli-errors.ts: 2 for usage, 1 otherwise); a bug shows its stack.
import { RUNTIME_CHOICES, type RuntimeChoice } from './daemon/runtime-choices.ts';
import { Command, InvalidArgumentError, Option } from 'commander';
import pino from 'pino';
import { NodeAvailability } from '../proto/gen/covey/v1/NodeAvailability.ts';
import { describeCliError } from './commands/cli-errors.ts';
import { addClientOptions } from './commands/client-options.ts';
import { clusterInfoCommand } from './commands/cluster-info.ts';
import { clusterJoinTokenCommand } from './commands/cluster-join-token.ts';
import { eventsCommand } from './commands/events.ts';
import { labCommand } from './commands/lab.ts';
import { nodeDemoteCommand } from './commands/node-demote.ts';
import { nodeInspectCommand } from './commands/node-inspect.ts';
import { nodeLsCommand } from './commands/node-ls.ts';
import { nodePromoteCommand } from './commands/node-promote.ts';
import { nodeRmCommand } from './commands/node-rm.ts';
import { nodeUpdateCommand } from './commands/node-update.ts';
import { serviceCreateCommand } from './commands/service-create.ts';
import { serviceInspectCommand } from './commands/service-inspect.ts';
import { serviceLogsCommand } from './commands/service-logs.ts';
import { serviceLsCommand } from './commands/service-ls.ts';
import { servicePsCommand } from './commands/service-ps.ts';
import { serviceRmCommand } from './commands/service-rm.ts';
import { serviceScaleCommand } from './commands/service-scale.ts';
import { serviceUpdateCommand } from './commands/service-update.ts';
import { serviceRollbackCommand } from './commands/service-rollback.ts';
import { stackCommand } from './commands/stack.ts';
import { collectEngineLabel } from './daemon/engine-label-flag.ts';
import { UsageError } from './usage-error.ts';

const program = new Command('covey')
  .description('covey: replicated services across machines, in the spirit of Docker Swarm mode')
  .showHelpAfterError('(add --help for usage)');
addClientOptions(program);

program
  .command('daemon')
  .description('run a covey node (manager and/or agent); resumes from --data-dir when it holds one')
  .requiredOption('--data-dir <dir>', 'where this node keeps its raft log, certificates and agent state')
  .option('--listen <host:port>', 'gRPC address to bind (every service, one port)', '0.0.0.0:4240')
  .option('--advertise <host:port>', 'address other nodes reach this one at (default: the listen address)')
  .option(
    '--http <host:port>',
    "HTTP address for /healthz and /metrics ('none' to disable)",
    '127.0.0.1:4280',
  )
  .option('--init', 'start a new cluster with this node as its first manager')
  .option('--join <host:port>', 'join the cluster of the manager at this address (needs --token)')
  .option('--token <token>', 'join token (`covey cluster join-token`), which also decides the role')
  .addOption(
    new Option('--availability <a>', 'availability of this node when it joins')
      .choices(['active', 'pause', 'drain'])
      .default('active'),
  )
  .addOption(
    new Option(
      '--runtime <r>',
      'executor for tasks on this node: auto (docker when the engine answers, else process), docker, process, hollow (simulation) or none',
    )
      .choices([...RUNTIME_CHOICES])
      .default('auto'),
  )
  .option(
    '--nats <urls|auto>',
    "manager: keep task logs and events in NATS JetStream at these URLs (comma-separated), or 'auto' (a local nats-server, started if needed); default: in memory",
  )
  .option('--hostname <name>', 'hostname to report (default: the OS hostname)')
  .option(
    '--label <key=value>',
    'engine label of this node, repeatable: constraints match it as engine.labels.KEY (node.labels.KEY are set with `covey node update --label-add`); given at every start',
    collectEngineLabel,
  )
  .option('--log-level <level>', 'pino log level', 'info')
  .option('--tick-ms <ms>', 'raft tick (election timeout is 10-20 ticks)', parsePositiveInt)
  .action(async (opts: DaemonFlags) => {
    if (opts.init && opts.join) throw new UsageError('use either --init or --join, not both');
    if (opts.join && !opts.token)
      throw new UsageError('--join needs --token (print one with `covey cluster join-token`)');
    if (opts.token && !opts.join) throw new UsageError('--token is only used with --join');
    const logger = pino({ level: opts.logLevel }, pino.destination(2));
    // Loaded here: the client commands need none of the daemon's code (half a second per run).
    const { Daemon } = await import('./daemon/daemon.ts');
    const daemon = await Daemon.start({
      dataDir: opts.dataDir,
      listen: opts.listen,
      ...(opts.advertise ? { advertise: opts.advertise } : {}),
      http: opts.http === 'none' ? null : opts.http,
      ...(opts.init ? { init: true } : {}),
      ...(opts.join && opts.token ? { join: { addr: opts.join, token: opts.token } } : {}),
      availability: AVAILABILITY[opts.availability],
      runtime: opts.runtime,
      ...(opts.hostname ? { hostname: opts.hostname } : {}),
      logger,
      ...(opts.tickMs ? { tickMs: opts.tickMs } : {}),
      ...(opts.nats ? { nats: opts.nats } : {}),
      ...(opts.label ? { labels: opts.label } : {}),
    });
    let signals = 0;
    const onSignal = (signal: string): void => {
      signals++;
      if (signals > 1) {
        logger.warn('second signal: exiting without a clean stop');
        process.exit(130);
      }
      logger.info({ signal }, 'stopping on signal');
      void daemon.stop().then(() => process.exit(0));
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });

interface DaemonFlags {
  dataDir: string;
  listen: string;
  advertise?: string;
  http: string;
  init?: boolean;
  join?: string;
  token?: string;
  availability: 'active' | 'pause' | 'drain';
  runtime: RuntimeChoice;
  hostname?: string;
  nats?: string;
  label?: Record<string, string>;
  logLevel: string;
  tickMs?: number;
}

const AVAILABILITY = {
  active: NodeAvailability.NODE_AVAILABILITY_ACTIVE,
  pause: NodeAvailability.NODE_AVAILABILITY_PAUSE,
  drain: NodeAvailability.NODE_AVAILABILITY_DRAIN,
} as const;

function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

program
  .command('service')
  .description('manage services')
  // `service create IMAGE sh -c …`: options after IMAGE are the command's, as with Docker.
  .enablePositionalOptions()
  .addCommand(serviceCreateCommand())
  .addCommand(serviceLsCommand())
  .addCommand(servicePsCommand())
  .addCommand(serviceInspectCommand())
  .addCommand(serviceScaleCommand())
  .addCommand(serviceUpdateCommand())
  .addCommand(serviceRollbackCommand())
  .addCommand(serviceRmCommand())
  .addCommand(serviceLogsCommand());

program
  .command('node')
  .description('manage the nodes of the cluster')
  .addCommand(nodeLsCommand())
  .addCommand(nodeInspectCommand())
  .addCommand(nodeUpdateCommand())
  .addCommand(nodePromoteCommand())
  .addCommand(nodeDemoteCommand())
  .addCommand(nodeRmCommand());

program.addCommand(eventsCommand());
program.addCommand(labCommand());

program.addCommand(stackCommand());

program
  .command('cluster')
  .description('manage the cluster')
  .addCommand(clusterInfoCommand())
  .addCommand(clusterJoinTokenCommand());

/** Commander errors become exceptions (exit codes decided below); addCommand does not inherit that. */
function throwOnCommanderExit(command: Command): void {
  command.exitOverride().showHelpAfterError('(add --help for usage)');
  for (const sub of command.commands) throwOnCommanderExit(sub);
}
throwOnCommanderExit(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  const failure = describeCliError(err);
  if (!failure) throw err;
  if (failure.message !== '') process.stderr.write(`covey: ${failure.message}\n`);
  process.exit(failure.exitCode);
}
