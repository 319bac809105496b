// Where one task's files live under the executor's data dir: <dataDir>/<taskId>/ holds the record,
// the output files, the exit file (in run/, which the task's user may write) and the default workdir.
import { join } from 'node:path';

export interface TaskDirLayout {
  readonly taskDir: string;
  readonly recordPath: string;
  readonly stdoutPath: string;
  readonly stderrPath: string;
  /** Writable by the task's user: the wrapper leaves the exit status here. */
  readonly runDir: string;
  readonly exitPath: string;
  readonly defaultWorkdir: string;
  /** Where the log follower keeps how far it has read. */
  readonly logOffsetsPath: string;
}

/** A task id is used as a directory name: it must stay one path segment inside the data dir. */
export function isSafeTaskId(taskId: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/.test(taskId);
}

export function taskDirLayout(dataDir: string, taskId: string): TaskDirLayout {
  const taskDir = join(dataDir, taskId);
  const runDir = join(taskDir, 'run');
  return {
    taskDir,
    recordPath: join(taskDir, 'record.json'),
    stdoutPath: join(taskDir, 'stdout.log'),
    stderrPath: join(taskDir, 'stderr.log'),
    runDir,
    exitPath: join(runDir, 'exit'),
    defaultWorkdir: join(taskDir, 'work'),
    logOffsetsPath: join(taskDir, 'log-offsets.json'),
  };
}
