// `covey node demote NODE...`: makes managers workers again (their daemons leave Raft and keep
// running their tasks); the managers refuse to demote the last manager or to break the quorum.
import { Command } from 'commander';
import { NodeRole } from '../../proto/gen/covey/v1/NodeRole.ts';
import { withControlClient } from './client-options.ts';
import { changeNodeRole } from './node-role-change.ts';

export function nodeDemoteCommand(): Command {
  return new Command('demote')
    .description('demote managers to workers')
    .argument('<node...>', 'hostname, node ID or ID prefix')
    .action(async (refs: string[], _opts: object, cmd: Command) => {
      await withControlClient(cmd, async (client) => {
        for (const ref of refs) {
          const change = await changeNodeRole(client, ref, NodeRole.NODE_ROLE_WORKER);
          process.stdout.write(
            change === 'changed'
              ? `Manager ${ref} demoted in the cluster.\n`
              : `Node ${ref} is already a worker.\n`,
          );
        }
      });
    });
}
