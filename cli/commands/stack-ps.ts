// `covey stack ps STACK`: the tasks of every service of a stack, current and past, per slot.
import { Command } from 'commander';
import { checkStackName, stackFilter } from '../stack/stack-labels.ts';
import { withControlClient } from './client-options.ts';
import { listAllServices, listAllTasks } from './list-all.ts';
import { formatOption } from './output-format.ts';
import { NothingInStackError } from './stack-errors.ts';
import { type TaskListOptions, writeTaskList } from './task-table.ts';

export function stackPsCommand(): Command {
  return new Command('ps')
    .description('list the tasks of a stack')
    .argument('<stack>', 'stack name')
    .option('-q, --quiet', 'only IDs')
    .option('--no-trunc', 'do not shorten IDs and errors')
    .addOption(formatOption())
    .action(async (stack: string, opts: TaskListOptions, cmd: Command) => {
      checkStackName(stack);
      await withControlClient(cmd, async (client) => {
        const services = await listAllServices(client, stackFilter(stack));
        const tasks =
          services.length === 0 ? [] : await listAllTasks(client, { serviceIds: services.map((s) => s.id) });
        if (tasks.length === 0) throw new NothingInStackError(stack);
        await writeTaskList(client, tasks, services, opts);
      });
    });
}
