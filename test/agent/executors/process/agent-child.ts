// A stand-in agent for the adoption test: starts one task with the process executor, says so on
// stdout, then idles until the test kills it with SIGKILL (as a crashing agent would die).
import { ProcessExecutor } from '../../../../agent/executors/process/process-executor.ts';
import type { Task__Output } from '../../../../proto/gen/covey/v1/Task.ts';

const [dataDir, taskJson] = process.argv.slice(2);
if (dataDir === undefined || taskJson === undefined)
  throw new Error('usage: agent-child.ts DATA_DIR TASK_JSON');
const task = JSON.parse(taskJson) as Task__Output;
const controller = new ProcessExecutor({ dataDir, nodeId: 'node1' }).controller(task);
await controller.prepare();
await controller.start();
process.stdout.write('started\n');
setInterval(() => {}, 60_000);
