// `covey node rm [--force] NODE...`: removes nodes from the cluster. The managers refuse a manager
// (demote it first) and, without --force, a node that is not down; the refusal says which command helps.
import * as grpc from '@grpc/grpc-js';
import { Command } from 'commander';
import { NodeRole } from '../../proto/gen/covey/v1/NodeRole.ts';
import type { Node__Output } from '../../proto/gen/covey/v1/Node.ts';
import { withControlClient } from './client-options.ts';
import { isServiceError } from './control-call-error.ts';
import { NodeRemovalRefusedError } from './node-removal-refused-error.ts';
import { resolveNode } from './resolve-reference.ts';

export function nodeRmCommand(): Command {
  return new Command('rm')
    .alias('remove')
    .description('remove nodes from the cluster')
    .argument('<node...>', 'hostname, node ID or ID prefix')
    .option('-f, --force', 'remove a node that is not down (its daemon still runs)')
    .action(async (refs: string[], opts: { force?: boolean }, cmd: Command) => {
      await withControlClient(cmd, async (client) => {
        for (const ref of refs) {
          const node = await resolveNode(client, ref);
          try {
            await client.removeNode({ nodeId: node.id, force: opts.force ?? false });
          } catch (err) {
            if (isServiceError(err) && err.code === grpc.status.FAILED_PRECONDITION)
              throw new NodeRemovalRefusedError(ref, err.details, remedy(node, ref), { cause: err });
            throw err;
          }
          process.stdout.write(`${ref}\n`);
        }
      });
    });
}

/** The command that gets past the refusal. */
function remedy(node: Node__Output, ref: string): string {
  const manager =
    node.role === NodeRole.NODE_ROLE_MANAGER || node.spec?.desiredRole === NodeRole.NODE_ROLE_MANAGER;
  return manager ? `covey node demote ${ref}` : `covey node rm --force ${ref}`;
}
