// `covey node inspect NODE...`: nodes as JSON (an array, as Docker prints it).
import { Command } from 'commander';
import { withControlClient } from './client-options.ts';
import { toJson } from './output-format.ts';
import { resolveNode } from './resolve-reference.ts';

export function nodeInspectCommand(): Command {
  return new Command('inspect')
    .description('show nodes in detail, as JSON')
    .argument('<node...>', 'hostname, node ID or ID prefix')
    .action(async (refs: string[], _opts: object, cmd: Command) => {
      await withControlClient(cmd, async (client) => {
        const nodes = [];
        for (const ref of refs) nodes.push(await resolveNode(client, ref));
        process.stdout.write(toJson(nodes));
      });
    });
}
