// `covey node update [--availability a] [--label-add k=v] [--label-rm k] NODE`.
import { Command, Option } from 'commander';
import { NodeAvailability } from '../../proto/gen/covey/v1/NodeAvailability.ts';
import { UsageError } from '../usage-error.ts';
import { withControlClient } from './client-options.ts';
import { resolveNode } from './resolve-reference.ts';
import { parseLabels } from './service-flags.ts';

const AVAILABILITY = {
  active: NodeAvailability.NODE_AVAILABILITY_ACTIVE,
  pause: NodeAvailability.NODE_AVAILABILITY_PAUSE,
  drain: NodeAvailability.NODE_AVAILABILITY_DRAIN,
} as const;
const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

interface NodeUpdateFlags {
  availability?: keyof typeof AVAILABILITY;
  labelAdd?: string[];
  labelRm?: string[];
}

export function nodeUpdateCommand(): Command {
  return new Command('update')
    .description("change a node's availability or labels")
    .argument('<node>', 'hostname, node ID or ID prefix')
    .addOption(new Option('--availability <a>', 'active, pause or drain').choices(Object.keys(AVAILABILITY)))
    .option('--label-add <KEY=VALUE>', 'add or change a node label (repeatable)', collect)
    .option('--label-rm <KEY>', 'remove a node label (repeatable)', collect)
    .action(async (ref: string, flags: NodeUpdateFlags, cmd: Command) => {
      const add = parseLabels('--label-add', flags.labelAdd ?? []);
      const remove = flags.labelRm ?? [];
      if (flags.availability === undefined && Object.keys(add).length === 0 && remove.length === 0)
        throw new UsageError('nothing to update: give --availability, --label-add or --label-rm');
      await withControlClient(cmd, async (client) => {
        const node = await resolveNode(client, ref);
        const labels: Record<string, string> = { ...(node.spec?.annotations?.labels ?? {}), ...add };
        for (const key of remove) delete labels[key];
        await client.updateNode({
          nodeId: node.id,
          nodeVersion: node.meta?.version ?? 0,
          spec: {
            annotations: { name: node.spec?.annotations?.name ?? '', labels },
            desiredRole: node.spec?.desiredRole ?? 0,
            availability:
              flags.availability === undefined
                ? (node.spec?.availability ?? 0)
                : AVAILABILITY[flags.availability],
          },
        });
        process.stdout.write(`${ref}\n`);
      });
    });
}
