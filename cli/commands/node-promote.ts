// `covey node promote NODE...`: makes nodes managers (the daemon starts its manager component and
// joins Raft without a restart), printing Docker's line for each.
import { Command } from 'commander';
import { NodeRole } from '../../proto/gen/covey/v1/NodeRole.ts';
import { withControlClient } from './client-options.ts';
import { changeNodeRole } from './node-role-change.ts';

export function nodePromoteCommand(): Command {
  return new Command('promote')
    .description('promote nodes to managers')
    .argument('<node...>', 'hostname, node ID or ID prefix')
    .action(async (refs: string[], _opts: object, cmd: Command) => {
      await withControlClient(cmd, async (client) => {
        for (const ref of refs) {
          const change = await changeNodeRole(client, ref, NodeRole.NODE_ROLE_MANAGER);
          process.stdout.write(
            change === 'changed'
              ? `Node ${ref} promoted to a manager in the cluster.\n`
              : `Node ${ref} is already a manager.\n`,
          );
        }
      });
    });
}
