// `covey lab down`: stops a lab's daemons, then the tasks they left running, then removes what the
// lab made in its directory (the directory too, unless it holds files the lab did not make).
import { readdir, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { LabStopFailedError, NoLabError } from './lab-errors.ts';
import { LAB_STATE_FILE, type LabState, readLabState } from './lab-state-file.ts';
import { DEFAULT_STOP_GRACE_MS, type StopOutcome, stopLabDaemons } from './lab-stop.ts';
import { removeLabWorkloads, TASK_STOP_GRACE_MS, type WorkloadOutcome } from './lab-workloads.ts';

export interface TearDownOptions {
  /** Per daemon, before SIGKILL. */
  readonly graceMs?: number;
  /** Per task, before SIGKILL. */
  readonly taskGraceMs?: number;
}

export interface TearDownOutcome {
  readonly daemons: StopOutcome;
  readonly workloads: readonly WorkloadOutcome[];
  /** Whether the lab directory itself is gone (false: other files were left in it). */
  readonly dirRemoved: boolean;
}

/** Tears down the lab recorded in `dir`; NoLabError when there is none. */
export async function labDown(dir: string, options: TearDownOptions = {}): Promise<TearDownOutcome> {
  const state = await readLabState(dir);
  if (state === undefined) throw new NoLabError(dir);
  return tearDownLab(dir, state, options);
}

/** Also how `lab up` clears a stale lab. LabStopFailedError (nothing removed) when a daemon will not stop. */
export async function tearDownLab(
  dir: string,
  state: LabState,
  options: TearDownOptions = {},
): Promise<TearDownOutcome> {
  const daemons = await stopLabDaemons(state.nodes, options.graceMs ?? DEFAULT_STOP_GRACE_MS);
  if (daemons.stuck.length > 0) {
    throw new LabStopFailedError(
      dir,
      daemons.stuck.map((name) => {
        const pid = state.nodes.find((n) => n.name === name)?.process?.pid;
        return `${name} (pid ${pid})`;
      }),
    );
  }
  const workloads = await removeLabWorkloads(state.nodes, options.taskGraceMs ?? TASK_STOP_GRACE_MS);
  for (const node of state.nodes) await rm(node.folder, { recursive: true, force: true });
  // lab.json, and what the lab left beside it: damaged copies set aside, temporaries of a crashed write.
  for (const name of await readdir(dir).catch(() => []))
    if (name.startsWith(LAB_STATE_FILE)) await rm(join(dir, name), { force: true });
  return { daemons, workloads, dirRemoved: await removeIfEmpty(dir) };
}

async function removeIfEmpty(dir: string): Promise<boolean> {
  try {
    await rmdir(dir);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return true;
    if (code === 'ENOTEMPTY' || code === 'EEXIST') return (await readdir(dir)).length === 0;
    throw err;
  }
}
