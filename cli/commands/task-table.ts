// The task list of `service ps` and `stack ps`: IDs with -q, the tasks as JSON, or the table of
// task-rows.ts with service and node names looked up.
import type { Service__Output } from '../../proto/gen/covey/v1/Service.ts';
import type { Task__Output } from '../../proto/gen/covey/v1/Task.ts';
import type { ControlClient } from '../control-client.ts';
import { listAllNodes } from './list-all.ts';
import { type OutputFormat, toJson } from './output-format.ts';
import { formatTable } from './table.ts';
import { TASK_HEADERS, taskRows } from './task-rows.ts';

/** The options `service ps` and `stack ps` share (commander's `--no-trunc` arrives as `trunc: false`). */
export interface TaskListOptions {
  readonly quiet?: boolean;
  readonly trunc: boolean;
  readonly format: OutputFormat;
}

/**
 * Writes `tasks` (of `services`) to stdout as the options ask. Returns true when it wrote the table,
 * under which a command may add lines of its own.
 */
export async function writeTaskList(
  client: ControlClient,
  tasks: readonly Task__Output[],
  services: readonly Service__Output[],
  opts: TaskListOptions,
): Promise<boolean> {
  if (opts.quiet) {
    process.stdout.write(tasks.map((t) => `${t.id}\n`).join(''));
    return false;
  }
  if (opts.format === 'json') {
    process.stdout.write(toJson(tasks));
    return false;
  }
  const names = new Map(services.map((s) => [s.id, s.spec?.annotations?.name ?? s.id]));
  const nodes = new Map((await listAllNodes(client)).map((n) => [n.id, n.description?.hostname || n.id]));
  const rows = taskRows(tasks, {
    serviceName: (id) => names.get(id) ?? id,
    nodeName: (id) => nodes.get(id) ?? id.slice(0, 12),
    nowMs: Date.now(),
    noTrunc: !opts.trunc,
  });
  process.stdout.write(formatTable(TASK_HEADERS, rows));
  return true;
}
