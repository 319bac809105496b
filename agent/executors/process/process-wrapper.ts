// The /bin/sh wrapper every task's program runs under. It leads the process group, survives the stop
// signal (trapped with a handler, so the program it execs gets default dispositions), waits for the
// program and leaves its exit status in a file, written then renamed, that any later agent can read.
import { readFile } from 'node:fs/promises';
import type { ExitInfo } from '../executor.ts';

export const WRAPPER_SHELL = '/bin/sh';

/** `$0` of the wrapper, so `ps` shows what it is. */
const WRAPPER_NAME = 'covey-task';

/** Exit code reported when the wrapper left no status: it was killed (SIGKILL) with its program. */
export const KILLED_EXIT_CODE = 137;

function script(trapSignals: readonly string[]): string {
  return [
    'exit_file=$1; mv=$2; shift 2',
    `trap : ${trapSignals.join(' ')}`,
    '"$@"',
    'status=$?',
    `printf '%s\\n' "$status" > "$exit_file.tmp" && "$mv" -f "$exit_file.tmp" "$exit_file"`,
    'exit "$status"',
  ].join('\n');
}

export interface WrapperOptions {
  readonly exitPath: string;
  /** Absolute path of mv, so the wrapper does not depend on the task's PATH. */
  readonly mvPath: string;
  /** Signal names without SIG (process-signal.ts wrapperTrapSignals). */
  readonly trapSignals: readonly string[];
  /** Absolute path of the program. */
  readonly command: string;
  readonly args: readonly string[];
}

/** Arguments of WRAPPER_SHELL that run the program under the wrapper. */
export function wrapperArgs(options: WrapperOptions): string[] {
  for (const name of options.trapSignals) {
    if (!/^[A-Z0-9]+$/.test(name)) throw new RangeError(`not a signal name: ${name}`);
  }
  return [
    '-c',
    script(options.trapSignals),
    WRAPPER_NAME,
    options.exitPath,
    options.mvPath,
    options.command,
    ...options.args,
  ];
}

/** The status the wrapper wrote; null when there is none (not exited, or killed before it could). */
export async function readExitFile(path: string): Promise<number | null> {
  try {
    const text = (await readFile(path, 'utf8')).trim();
    return /^\d+$/.test(text) ? Number(text) : null;
  } catch {
    return null;
  }
}

/** How a task ended, from its exit file; a missing file means it was killed with its wrapper. */
export async function exitFromFile(path: string, pid: number): Promise<ExitInfo> {
  const code = await readExitFile(path);
  if (code === null) return { exitCode: KILLED_EXIT_CODE, message: 'killed', pid };
  return { exitCode: code, pid };
}
