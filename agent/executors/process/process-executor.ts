// The process runtime: runs each task's ProcessSpec as a supervised process group on this host, with
// a record per task under the data dir so that an agent restarted after a crash adopts what still runs.
import { accessSync, constants as fsConstants, type Dirent } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { delimiter, join } from 'node:path';
import type { Logger } from 'pino';
import { RuntimeKind } from '../../../proto/gen/covey/v1/RuntimeKind.ts';
import type { Task__Output } from '../../../proto/gen/covey/v1/Task.ts';
import { type Clock, systemClock } from '../../worker/clock.ts';
import type {
  ExecutorDescription,
  Executor,
  RuntimeHealthReport,
  TaskController,
  Workload,
} from '../executor.ts';
import { ProcessController } from './process-controller.ts';
import { ProcessGroup, type ProcessIdentity, stopGroup } from './process-group.ts';
import { DEFAULT_PATH } from './process-plan.ts';
import { readRecord } from './process-record.ts';
import { parseSignal, SIGTERM, type SignalSpec } from './process-signal.ts';
import { isSafeTaskId, taskDirLayout } from './process-task-dir.ts';

export interface ProcessExecutorOptions {
  /** A directory the agent owns (`<data-dir>/agent/process`): one subdirectory per task. */
  readonly dataDir: string;
  readonly nodeId: string;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** How often a process this agent did not spawn (adopted) is looked at for its exit; default 500 ms. */
  readonly exitPollMs?: number;
  /** How often output files are read for new lines; default 200 ms. */
  readonly logPollMs?: number;
}

const DEFAULT_EXIT_POLL_MS = 500;
const DEFAULT_LOG_POLL_MS = 200;

export class ProcessExecutor implements Executor {
  readonly runtime = RuntimeKind.RUNTIME_KIND_PROCESS;
  private readonly dataDir: string;
  private readonly nodeId: string;
  private readonly clock: Clock;
  private readonly logger: Logger | undefined;
  private readonly exitPollMs: number;
  private readonly logPollMs: number;
  private readonly mvPath: string;
  private description: ExecutorDescription;

  constructor(options: ProcessExecutorOptions) {
    this.dataDir = options.dataDir;
    this.nodeId = options.nodeId;
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger;
    this.exitPollMs = options.exitPollMs ?? DEFAULT_EXIT_POLL_MS;
    this.logPollMs = options.logPollMs ?? DEFAULT_LOG_POLL_MS;
    this.mvPath = findProgram('mv', process.env.PATH ?? DEFAULT_PATH) ?? '/bin/mv';
    this.description = describeHost();
  }

  describe(): ExecutorDescription {
    return this.description;
  }

  async refresh(): Promise<void> {
    this.description = describeHost();
  }

  /** Nothing to ping: the runtime is this host's process table. */
  async health(): Promise<RuntimeHealthReport> {
    return { available: true, message: '' };
  }

  controller(task: Task__Output): TaskController {
    return new ProcessController(task, {
      layout: taskDirLayout(this.dataDir, task.id),
      nodeId: this.nodeId,
      clock: this.clock,
      logger: this.logger,
      mvPath: this.mvPath,
      agentEnv: process.env,
      agentUid: process.getuid?.() ?? 0,
      exitPollMs: this.exitPollMs,
      logPollMs: this.logPollMs,
    });
  }

  /** One workload per task directory; a record that cannot be read is logged and reported as is. */
  async workloads(): Promise<Workload[]> {
    let entries: Dirent[];
    try {
      entries = await readdir(this.dataDir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const workloads: Workload[] = [];
    for (const entry of entries) {
      if (!entry.isDirectory() || !isSafeTaskId(entry.name)) continue;
      const found = await this.readWorkload(entry.name);
      const running = found.identity === null ? false : await new ProcessGroup(found.identity).leaderAlive();
      workloads.push({ taskId: entry.name, serviceId: found.serviceId, running });
    }
    return workloads;
  }

  async removeWorkload(taskId: string, graceMs: number): Promise<void> {
    if (!isSafeTaskId(taskId)) return;
    const found = await this.readWorkload(taskId);
    if (found.identity !== null) {
      await stopGroup(new ProcessGroup(found.identity), {
        signal: found.stopSignal,
        graceMs,
        clock: this.clock,
      });
    }
    await rm(taskDirLayout(this.dataDir, taskId).taskDir, { recursive: true, force: true });
  }

  private async readWorkload(
    taskId: string,
  ): Promise<{ serviceId: string; identity: ProcessIdentity | null; stopSignal: SignalSpec }> {
    const { recordPath } = taskDirLayout(this.dataDir, taskId);
    const read = await readRecord(recordPath);
    if (read.kind === 'missing') return { serviceId: '', identity: null, stopSignal: SIGTERM };
    if (read.kind === 'corrupt') {
      this.logger?.warn(
        { taskId, err: read.error, salvagedPid: read.salvaged?.pid ?? null },
        'process record unreadable: the workload cannot be adopted',
      );
      return { serviceId: '', identity: read.salvaged, stopSignal: SIGTERM };
    }
    const { record } = read;
    return {
      serviceId: record.serviceId,
      identity: record.process,
      stopSignal: parseSignal(record.stopSignal) ?? SIGTERM,
    };
  }
}

function describeHost(): ExecutorDescription {
  return {
    runtimes: [RuntimeKind.RUNTIME_KIND_PROCESS],
    resources: { nanoCpus: Math.max(1, cpus().length) * 1e9, memoryBytes: totalmem() },
  };
}

/** The first executable `name` on a PATH, looked up once when the executor is made. */
function findProgram(name: string, path: string): string | null {
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, fsConstants.X_OK);
      return candidate;
    } catch {
      // Not in this directory.
    }
  }
  return null;
}
