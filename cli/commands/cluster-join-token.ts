// `covey cluster join-token worker|manager [--rotate] [-q]`: prints (after rotating, if asked)
// the token and the command a new node joins with.
import { Command } from 'commander';
import { withControlClient } from './client-options.ts';
import { FlagValueError } from './flag-value-error.ts';

export function clusterJoinTokenCommand(): Command {
  return new Command('join-token')
    .description('print the join command for a worker or a manager')
    .argument('<role>', 'worker or manager')
    .option('--rotate', 'replace the token (nodes that joined with the old one keep working)')
    .option('-q, --quiet', 'only the token')
    .action(async (role: string, opts: { rotate?: boolean; quiet?: boolean }, cmd: Command) => {
      if (role !== 'worker' && role !== 'manager')
        throw new FlagValueError('join-token', role, 'worker or manager');
      await withControlClient(cmd, async (client, target) => {
        let { cluster } = await client.getCluster();
        if (opts.rotate && cluster) {
          ({ cluster } = await client.updateCluster({
            clusterId: cluster.id,
            clusterVersion: cluster.meta?.version ?? 0,
            spec: cluster.spec ?? {},
            rotation: { worker: role === 'worker', manager: role === 'manager' },
          }));
        }
        const token = cluster?.rootCa?.joinTokens?.[role] ?? '';
        if (opts.quiet) return void process.stdout.write(`${token}\n`);
        if (opts.rotate) process.stdout.write(`Successfully rotated ${role} join token.\n\n`);
        process.stdout.write(
          `To add a ${role} to this cluster, run the following command:\n\n` +
            `    covey daemon --data-dir <dir> --join ${target.hosts[0] ?? ''} --token ${token}\n\n`,
        );
      });
    });
}
