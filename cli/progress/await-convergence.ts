// What create, update, rollback and scale share after their request was accepted: the -d/-q/
// --timeout flags, and waiting for the service to converge with the progress on stderr, Ctrl-C to
// detach (exit 130), and a NotConvergedError when it does not converge.
import { type Command, Option } from 'commander';
import type { ClientTarget } from '../commands/client-options.ts';
import { parseDurationNanos } from '../commands/duration-flag.ts';
import type { Service__Output } from '../../proto/gen/covey/v1/Service.ts';
import type { ControlClient } from '../control-client.ts';
import { CONVERGENCE_EXIT, CONVERGENCE_HELP } from './convergence-exit.ts';
import { type ConvergenceGoal, DEFAULT_VERDICT_OPTIONS } from './convergence-verdict.ts';
import { watchConvergence } from './convergence-watch.ts';
import { NotConvergedError } from './not-converged-error.ts';
import { ProgressRenderer } from './progress-render.ts';
import { ServiceObserver } from './service-observation.ts';

export interface ConvergenceFlags {
  detach?: boolean;
  quiet?: boolean;
  timeout?: string;
}

const POLL_MS = 250;

/** -d/--detach, -q/--quiet, --timeout and the exit statuses in the help. */
export function addConvergenceOptions(command: Command): Command {
  return command
    .option('-d, --detach', 'exit at once, without waiting for the service to converge')
    .option('-q, --quiet', 'do not show progress (still waits, unless --detach)')
    .addOption(
      new Option(
        '--timeout <duration>',
        'stop waiting after this long and exit 1, e.g. 2m (default: no limit)',
      ),
    )
    .addHelpText('after', CONVERGENCE_HELP);
}

/** The flags' wait settings, checked before any request is sent. */
export function convergenceTimeoutMs(flags: ConvergenceFlags): number | undefined {
  if (flags.timeout === undefined) return undefined;
  const ms = Number(parseDurationNanos(flags.timeout, '--timeout') / 1_000_000n);
  return ms > 0 ? ms : undefined;
}

export interface AwaitConvergenceRequest {
  readonly client: ControlClient;
  readonly target: ClientTarget;
  /** The service as the command's write returned it. */
  readonly service: Service__Output;
  readonly goal: ConvergenceGoal;
  readonly flags: ConvergenceFlags;
}

/**
 * Resolves 'converged' once converged (at once with --detach), 'detached' after Ctrl-C (the exit
 * status is then set to 130: stop there); throws NotConvergedError otherwise.
 */
export async function awaitConvergence(r: AwaitConvergenceRequest): Promise<'converged' | 'detached'> {
  if (r.flags.detach) return 'converged';
  const serviceName = r.service.spec?.annotations?.name || r.service.id;
  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.once('SIGINT', onInterrupt);
  const renderer = r.flags.quiet ? undefined : new ProgressRenderer(process.stderr);
  const observer = new ServiceObserver(r.client, r.service.id);
  try {
    const outcome = await watchConvergence(() => observer.observe(), {
      verdict: { ...DEFAULT_VERDICT_OPTIONS, goal: r.goal, timeoutMs: convergenceTimeoutMs(r.flags) },
      baseline: r.service.updateStatus,
      pollMs: POLL_MS,
      signal: controller.signal,
      ...(renderer ? { draw: (lines) => renderer.draw(lines) } : {}),
    });
    if (outcome.kind === 'converged') return 'converged';
    if (outcome.kind === 'detached') {
      process.stderr.write(
        `detached: ${serviceName} keeps converging in the cluster (follow it with \`covey service ps ${serviceName}\`)\n`,
      );
      process.exitCode = CONVERGENCE_EXIT.detached;
      return 'detached';
    }
    throw new NotConvergedError(serviceName, outcome.kind, outcome.reason, r.target);
  } finally {
    process.removeListener('SIGINT', onInterrupt);
  }
}
