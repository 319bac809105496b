// A process a lab started, named by pid and start time (/proc/<pid>/stat field 22): the pid alone
// may belong to another program by the time `lab status` or `lab down` runs.
import { readProcStat } from '../../agent/executors/process/proc-stat.ts';

export interface ProcessRef {
  readonly pid: number;
  /** Null when it could not be read (the process was gone already). */
  readonly startTime: number | null;
}

/** The ref of a process running now (this one by default). */
export async function processRef(pid: number = process.pid): Promise<ProcessRef> {
  return { pid, startTime: (await readProcStat(pid))?.startTime ?? null };
}

/** Whether that very process runs (a zombie only waits to be reaped: it does not). */
export async function isRunning(ref: ProcessRef): Promise<boolean> {
  if (ref.startTime === null) return false;
  const stat = await readProcStat(ref.pid);
  return stat !== null && stat.startTime === ref.startTime && stat.state !== 'Z';
}

/** Signals it if it still runs; false when it does not. */
export async function signalIfRunning(ref: ProcessRef, signal: NodeJS.Signals): Promise<boolean> {
  if (!(await isRunning(ref))) return false;
  try {
    process.kill(ref.pid, signal);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw err;
  }
}
