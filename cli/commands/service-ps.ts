// `covey service ps SERVICE...`: the tasks of services, current and past, per slot; under the table,
// the state of a service's last rolling update or rollback (none for a service never updated).
import { Command } from 'commander';
import { updateStatusSummary } from '../progress/update-status-text.ts';
import { withControlClient } from './client-options.ts';
import { listAllTasks } from './list-all.ts';
import { formatOption } from './output-format.ts';
import { resolveService } from './resolve-reference.ts';
import { type TaskListOptions, writeTaskList } from './task-table.ts';

export function servicePsCommand(): Command {
  return new Command('ps')
    .description('list the tasks of one or more services')
    .argument('<service...>', 'service name, ID or ID prefix')
    .option('-q, --quiet', 'only IDs')
    .option('--no-trunc', 'do not shorten IDs and errors')
    .addOption(formatOption())
    .action(async (refs: string[], opts: TaskListOptions, cmd: Command) => {
      await withControlClient(cmd, async (client) => {
        const services = [];
        for (const ref of refs) services.push(await resolveService(client, ref));
        const tasks = await listAllTasks(client, { serviceIds: services.map((s) => s.id) });
        if (!(await writeTaskList(client, tasks, services, opts))) return;
        const statuses = services.flatMap((s) =>
          s.updateStatus
            ? [
                `${s.spec?.annotations?.name ?? s.id}: update ${updateStatusSummary(s.updateStatus, Date.now())}`,
              ]
            : [],
        );
        if (statuses.length > 0) process.stdout.write(`\n${statuses.join('\n')}\n`);
      });
    });
}
