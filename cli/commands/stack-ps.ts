// `covey stack ps STACK`: the tasks of every service of a stack, current and past, per slot.
import { Command } from 'commander';
import { checkStackName, stackFilter } from '../stack/stack-labels.ts';
import { withControlClient } from './client-options.ts';
import { listAllNodes, listAllServices, listAllTasks } from './list-all.ts';
import { formatOption, type OutputFormat, toJson } from './output-format.ts';
import { NothingInStackError } from './stack-errors.ts';
import { formatTable } from './table.ts';
import { TASK_HEADERS, taskRows } from './task-rows.ts';

export function stackPsCommand(): Command {
  return new Command('ps')
    .description('list the tasks of a stack')
    .argument('<stack>', 'stack name')
    .option('-q, --quiet', 'only IDs')
    .option('--no-trunc', 'do not shorten IDs and errors')
    .addOption(formatOption())
    .action(
      async (
        stack: string,
        opts: { quiet?: boolean; trunc: boolean; format: OutputFormat },
        cmd: Command,
      ) => {
        checkStackName(stack);
        await withControlClient(cmd, async (client) => {
          const services = await listAllServices(client, stackFilter(stack));
          const tasks =
            services.length === 0
              ? []
              : await listAllTasks(client, { serviceIds: services.map((s) => s.id) });
          if (tasks.length === 0) throw new NothingInStackError(stack);
          if (opts.quiet) {
            process.stdout.write(tasks.map((t) => `${t.id}\n`).join(''));
            return;
          }
          if (opts.format === 'json') {
            process.stdout.write(toJson(tasks));
            return;
          }
          const names = new Map(services.map((s) => [s.id, s.spec?.annotations?.name ?? s.id]));
          const nodes = new Map(
            (await listAllNodes(client)).map((n) => [n.id, n.description?.hostname || n.id]),
          );
          const rows = taskRows(tasks, {
            serviceName: (id) => names.get(id) ?? id,
            nodeName: (id) => nodes.get(id) ?? id.slice(0, 12),
            nowMs: Date.now(),
            noTrunc: !opts.trunc,
          });
          process.stdout.write(formatTable(TASK_HEADERS, rows));
        });
      },
    );
}
