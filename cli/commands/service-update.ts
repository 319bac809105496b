// `covey service update [flags] SERVICE`: reads the service, applies the flags to its spec and sends
// the whole new spec with the version it read (retrying on a concurrent change), then — unless
// --detach — shows the rolling update and exits 0 only once it completed.
import * as grpc from '@grpc/grpc-js';
import { Command } from 'commander';
import type { Service__Output } from '../../proto/gen/covey/v1/Service.ts';
import type { UpdateServiceRequest } from '../../proto/gen/covey/v1/UpdateServiceRequest.ts';
import type { ControlClient } from '../control-client.ts';
import {
  addConvergenceOptions,
  awaitConvergence,
  type ConvergenceFlags,
  convergenceTimeoutMs,
} from '../progress/await-convergence.ts';
import { UsageError } from '../usage-error.ts';
import { withControlClient } from './client-options.ts';
import { isServiceError } from './control-call-error.ts';
import { resolveService } from './resolve-reference.ts';
import { addTaskOptions, addUpdateConfigOptions, collect } from './service-flags.ts';
import { patchServiceSpec, type ServiceUpdateFlags, specFlagsGiven } from './service-update-flags.ts';

/** Read-modify-write attempts before a service that keeps changing is reported as a conflict. */
const MAX_ATTEMPTS = 5;

export function serviceUpdateCommand(): Command {
  const command = new Command('update')
    .description('update a service: its spec changes by the flags; a changed task template rolls the tasks')
    .argument('<service>', 'service name, ID or ID prefix')
    .option('--image <image>', 'new image (the program, for a process service)')
    .option('--args <command>', 'new arguments, as one shell-quoted string (replaces them all)')
    .option('--force', 'replace every task even when nothing changed')
    .option('--rollback', 'roll back to the previous spec (as `covey service rollback`)')
    .option('--replicas <n>', 'number of tasks (replicated mode)')
    .option('--replicas-max-per-node <n>', 'at most this many tasks of the service per node')
    .option('--env-add <NAME=VALUE>', 'add or replace an environment variable (repeatable)', collect)
    .option('--env-rm <NAME>', 'remove an environment variable (repeatable)', collect)
    .option('-e, --env <NAME=VALUE>', 'same as --env-add', collect)
    .option('--label-add <KEY=VALUE>', 'add or replace a service label (repeatable)', collect)
    .option('--label-rm <KEY>', 'remove a service label (repeatable)', collect)
    .option('--label <KEY=VALUE>', 'same as --label-add', collect)
    .option('--constraint-add <expr>', 'add a placement constraint (repeatable)', collect)
    .option('--constraint-rm <expr>', 'remove a placement constraint (repeatable)', collect)
    .option('--constraint <expr>', 'same as --constraint-add', collect)
    .option(
      '--placement-pref-add <pref>',
      'add a placement preference, e.g. spread=node.labels.zone',
      collect,
    )
    .option('--placement-pref-rm <pref>', 'remove a placement preference (repeatable)', collect)
    .option('--placement-pref <pref>', 'same as --placement-pref-add', collect)
    .option('--publish-add <published:target[/proto]>', 'publish a port (repeatable)', collect)
    .option(
      '--publish-rm <target[/proto]>',
      'remove a published port by its target port (repeatable)',
      collect,
    )
    .option('-p, --publish <published:target[/proto]>', 'same as --publish-add', collect)
    .option('--mount-add <type=,source=,target=>', 'add or replace a mount, by target (repeatable)', collect)
    .option('--mount-rm <target>', 'remove the mount at this container path (repeatable)', collect)
    .option('--mount <type=,source=,target=>', 'same as --mount-add', collect);
  addTaskOptions(command);
  command.option('--runtime <runtime>', 'switch runtime: docker or process (needs --image)');
  addUpdateConfigOptions(command);
  return addConvergenceOptions(command).action(
    async (ref: string, flags: ServiceUpdateFlags & ConvergenceFlags, cmd: Command) => {
      convergenceTimeoutMs(flags);
      if (flags.rollback) {
        const given = specFlagsGiven(flags);
        if (given.length > 0)
          throw new UsageError(
            `--rollback restores the previous spec; it cannot be combined with ${given.join(', ')}`,
          );
      }
      const { detach, quiet, timeout, rollback, ...specFlags } = flags;
      await withControlClient(cmd, async (client, target) => {
        const service = await resolveService(client, ref);
        const updated = await updateService(client, service, (current) => {
          if (rollback) return { rollback: true };
          if (!current.spec)
            throw new UsageError(`service ${ref} has no spec to update; remove and create it`);
          return { spec: patchServiceSpec(current.spec, specFlags) };
        });
        process.stdout.write(`${ref}\n`);
        await awaitConvergence({
          client,
          target,
          service: updated,
          goal: rollback ? 'rollback' : 'converge',
          flags: {
            ...(detach ? { detach } : {}),
            ...(quiet ? { quiet } : {}),
            ...(timeout ? { timeout } : {}),
          },
        });
      });
    },
  );
}

/**
 * UpdateService with the version of `service` as read; when another change got in first (the
 * manager refuses a stale version with FAILED_PRECONDITION), reads it again and re-applies `change`
 * to what is now stored. Returns the service as updated.
 */
export async function updateService(
  client: ControlClient,
  service: Service__Output,
  change: (current: Service__Output) => Omit<UpdateServiceRequest, 'serviceId' | 'serviceVersion'>,
): Promise<Service__Output> {
  let current = service;
  for (let attempt = 1; ; attempt++) {
    const version = current.meta?.version ?? 0;
    try {
      const { service: updated } = await client.updateService({
        ...change(current),
        serviceId: current.id,
        serviceVersion: version,
      });
      if (!updated) throw new Error(`UpdateService ${current.id} answered without the service`);
      return updated;
    } catch (err) {
      if (attempt >= MAX_ATTEMPTS || !isServiceError(err) || err.code !== grpc.status.FAILED_PRECONDITION)
        throw err;
      // Other refusals share the code (no previous spec, ...): only a newer version is a conflict.
      const { service: reread } = await client.getService(current.id);
      if (!reread || (reread.meta?.version ?? 0) === version) throw err;
      current = reread;
    }
  }
}
