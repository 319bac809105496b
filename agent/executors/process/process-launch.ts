// Spawns a planned task: the wrapper shell, detached as its own session and process group (so it
// outlives the agent), output into files in the task dir (pipes would die with the agent).
import { type ChildProcess, spawn } from 'node:child_process';
import { open, rm } from 'node:fs/promises';
import { TaskStartError } from '../errors.ts';
import type { ProcessPlan } from './process-plan.ts';
import { wrapperTrapSignals } from './process-signal.ts';
import type { TaskDirLayout } from './process-task-dir.ts';
import { WRAPPER_SHELL, wrapperArgs } from './process-wrapper.ts';
import { readProcStat } from './proc-stat.ts';

export interface LaunchOptions {
  readonly taskId: string;
  readonly plan: ProcessPlan;
  readonly layout: TaskDirLayout;
  /** Absolute path of mv for the wrapper. */
  readonly mvPath: string;
}

/** How the wrapper ended, as its parent sees it. */
export interface LeaderExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface LaunchedProcess {
  /** The wrapper's pid; it leads the group (pgid = pid). */
  readonly pid: number;
  /** Resolves when the wrapper exits (watched from the spawn on, so a quick exit is not missed). */
  readonly exited: Promise<LeaderExit>;
  /** /proc/<pid>/stat field 22; null when the process was already gone when it was read. */
  readonly startTime: number | null;
}

export async function launchProcess(options: LaunchOptions): Promise<LaunchedProcess> {
  const { plan, layout, taskId } = options;
  await rm(layout.exitPath, { force: true });
  const stdout = await open(layout.stdoutPath, 'a', 0o640);
  let child: ChildProcess;
  let exited: Promise<LeaderExit>;
  try {
    const stderr = await open(layout.stderrPath, 'a', 0o640);
    try {
      child = spawn(
        WRAPPER_SHELL,
        wrapperArgs({
          exitPath: layout.exitPath,
          mvPath: options.mvPath,
          trapSignals: wrapperTrapSignals(plan.stopSignal),
          command: plan.command,
          args: plan.args,
        }),
        {
          cwd: plan.workdir,
          env: { ...plan.env },
          detached: true,
          stdio: ['ignore', stdout.fd, stderr.fd],
          ...(plan.runAs === null ? {} : { uid: plan.runAs.uid, gid: plan.runAs.gid }),
        },
      );
      exited = new Promise((resolve) => {
        child.once('exit', (code, signal) => resolve({ code, signal }));
      });
      await new Promise<void>((resolve, reject) => {
        child.once('spawn', resolve);
        child.once('error', reject);
      });
    } finally {
      await stderr.close();
    }
  } catch (error) {
    throw new TaskStartError(taskId, error instanceof Error ? error.message : String(error), {
      cause: error,
    });
  } finally {
    await stdout.close();
  }
  const pid = child.pid;
  if (pid === undefined) throw new TaskStartError(taskId, 'the process has no pid');
  const stat = await readProcStat(pid);
  return { pid, exited, startTime: stat?.startTime ?? null };
}
