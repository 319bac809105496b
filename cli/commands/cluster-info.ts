// `covey cluster info`: the cluster's ID, settings and membership at a glance.
import { Command } from 'commander';
import { NodeRole } from '../../proto/gen/covey/v1/NodeRole.ts';
import { NodeState } from '../../proto/gen/covey/v1/NodeState.ts';
import { withControlClient } from './client-options.ts';
import { listAllNodes } from './list-all.ts';
import { formatOption, type OutputFormat, toJson } from './output-format.ts';

export function clusterInfoCommand(): Command {
  return new Command('info')
    .description('show the cluster: ID, managers, nodes, settings')
    .addOption(formatOption())
    .action(async (opts: { format: OutputFormat }, cmd: Command) => {
      await withControlClient(cmd, async (client) => {
        const { cluster } = await client.getCluster();
        const nodes = await listAllNodes(client);
        if (opts.format === 'json') {
          // Join tokens are secrets: `cluster join-token` prints them on purpose, info does not.
          const { rootCa, ...rest } = cluster ?? { rootCa: null };
          const { joinTokens: _tokens, ...ca } = rootCa ?? { joinTokens: null };
          return void process.stdout.write(toJson({ ...rest, rootCa: ca }));
        }
        const managers = nodes.filter((n) => n.role === NodeRole.NODE_ROLE_MANAGER);
        const leader = managers.find((n) => n.managerStatus?.leader);
        const ready = nodes.filter((n) => n.status?.state === NodeState.NODE_STATE_READY).length;
        const retention = cluster?.spec?.orchestration?.taskHistoryRetentionLimit ?? 0;
        const lines = [
          `ID: ${cluster?.id ?? ''}`,
          `Name: ${cluster?.spec?.annotations?.name ?? ''}`,
          `Managers: ${managers.length}`,
          `Leader: ${leader ? `${leader.description?.hostname ?? leader.id} (${leader.managerStatus?.addr ?? ''})` : 'none'}`,
          `Nodes: ${nodes.length} (${ready} ready)`,
          `Task history retention limit: ${retention}`,
          `CA certificate digest: ${cluster?.rootCa?.caCertDigest ?? ''}`,
        ];
        process.stdout.write(`${lines.join('\n')}\n`);
      });
    });
}
