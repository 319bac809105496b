// Starting one lab daemon that outlives `covey lab up`: its own session (a Ctrl-C in the shell does
// not reach it), stdout and stderr appended to its daemon.log, not waited for by this process.
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { COVEY_BIN } from './covey-bin.ts';
import { type ProcessRef, processRef } from './lab-process.ts';

export interface DetachedDaemon {
  /** Only useful while this process runs: its 'exit' says the daemon died while starting. */
  readonly child: ChildProcess;
  readonly ref: ProcessRef;
}

/** Spawns `covey <args>`; rejects when the program cannot be started at all. */
export async function spawnDetachedDaemon(
  args: readonly string[],
  logPath: string,
  command: string = COVEY_BIN,
): Promise<DetachedDaemon> {
  const log = openSync(logPath, 'a', 0o600);
  let child: ChildProcess;
  try {
    child = spawn(command, args, { detached: true, stdio: ['ignore', log, log] });
  } finally {
    closeSync(log);
  }
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  child.unref();
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${command} started without a pid`);
  return { child, ref: await processRef(pid) };
}
