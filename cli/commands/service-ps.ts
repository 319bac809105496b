// `covey service ps SERVICE...`: the tasks of services, current and past, per slot; under the table,
// the state of a service's last rolling update or rollback (none for a service never updated).
import { Command } from 'commander';
import { updateStatusSummary } from '../progress/update-status-text.ts';
import { withControlClient } from './client-options.ts';
import { listAllNodes, listAllTasks } from './list-all.ts';
import { formatOption, type OutputFormat, toJson } from './output-format.ts';
import { resolveService } from './resolve-reference.ts';
import { formatTable } from './table.ts';
import { TASK_HEADERS, taskRows } from './task-rows.ts';

export function servicePsCommand(): Command {
  return new Command('ps')
    .description('list the tasks of one or more services')
    .argument('<service...>', 'service name, ID or ID prefix')
    .option('-q, --quiet', 'only IDs')
    .option('--no-trunc', 'do not shorten IDs and errors')
    .addOption(formatOption())
    .action(
      async (
        refs: string[],
        opts: { quiet?: boolean; trunc: boolean; format: OutputFormat },
        cmd: Command,
      ) => {
        await withControlClient(cmd, async (client) => {
          const services = [];
          for (const ref of refs) services.push(await resolveService(client, ref));
          const tasks = await listAllTasks(client, { serviceIds: services.map((s) => s.id) });
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
          const statuses = services.flatMap((s) =>
            s.updateStatus
              ? [`${names.get(s.id)}: update ${updateStatusSummary(s.updateStatus, Date.now())}`]
              : [],
          );
          if (statuses.length > 0) process.stdout.write(`\n${statuses.join('\n')}\n`);
        });
      },
    );
}
