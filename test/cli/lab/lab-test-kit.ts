// What the lab tests share: a temp dir that goes away, a real process to stand for a daemon (killed
// at teardown), and lab records around them, so state-level tests run without starting a cluster.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Test } from 'tap';
import { type ProcessRef, processRef } from '../../../cli/lab/lab-process.ts';
import { LAB_STATE_VERSION, type LabNodeRecord, type LabState } from '../../../cli/lab/lab-state-file.ts';

export async function tempDir(t: Test, prefix = 'covey-lab-test-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

export interface Sleeper {
  readonly child: ChildProcess;
  readonly ref: ProcessRef;
  /** Resolves when it has exited (and been reaped). */
  readonly exited: Promise<void>;
}

/**
 * A node process that sleeps; `ignoreTerm` makes it shrug off SIGTERM (a daemon that will not stop).
 * Killed at teardown whatever the test did.
 */
export async function spawnSleeper(t: Test, options: { ignoreTerm?: boolean } = {}): Promise<Sleeper> {
  const code = options.ignoreTerm
    ? "process.on('SIGTERM', () => {}); process.stdout.write('ready\\n'); setInterval(() => {}, 1000);"
    : "process.stdout.write('ready\\n'); setInterval(() => {}, 1000);";
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'ignore'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  t.teardown(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    return exited;
  });
  // Ready once it has set its handlers: a SIGTERM before that would still stop it.
  await new Promise<void>((resolve, reject) => {
    child.stdout?.once('data', () => resolve());
    child.once('error', reject);
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('the sleeper has no pid');
  return { child, ref: await processRef(pid), exited };
}

export function nodeRecord(dir: string, name: string, change: Partial<LabNodeRecord> = {}): LabNodeRecord {
  const folder = join(dir, name);
  return {
    name,
    role: name.startsWith('m') ? 'manager' : 'worker',
    runtime: 'process',
    availability: 'active',
    process: null,
    grpc: '127.0.0.1:1',
    http: '127.0.0.1:1',
    folder,
    dataDir: join(folder, 'data'),
    logPath: join(folder, 'daemon.log'),
    nodeId: '',
    ...change,
  };
}

export function labState(
  dir: string,
  nodes: readonly LabNodeRecord[],
  change: Partial<LabState> = {},
): LabState {
  return {
    version: LAB_STATE_VERSION,
    createdAt: '2030-01-01T00:00:00.000Z',
    runtime: 'process',
    clientDir: join(dir, 'm1', 'data', 'client'),
    starter: null,
    nodes,
    ...change,
  };
}
