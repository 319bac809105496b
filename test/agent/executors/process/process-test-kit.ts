// What the process runtime's tests share: tasks with a ProcessSpec, a data dir whose every process
// group is killed on teardown (even when the test failed), and waiting on real state with a deadline.
import { chmod, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Test } from 'tap';
import type { ProcessSpec__Output } from '../../../../proto/gen/covey/v1/ProcessSpec.ts';
import { RuntimeKind } from '../../../../proto/gen/covey/v1/RuntimeKind.ts';
import type { Task__Output } from '../../../../proto/gen/covey/v1/Task.ts';
import { TaskState, type TaskState__Output } from '../../../../proto/gen/covey/v1/TaskState.ts';
import type { Duration__Output } from '../../../../proto/gen/google/protobuf/Duration.ts';

export interface ProcessTaskOptions {
  readonly desired?: TaskState__Output;
  readonly state?: TaskState__Output;
  readonly serviceId?: string;
}

export function processTask(
  id: string,
  spec: Partial<ProcessSpec__Output>,
  options: ProcessTaskOptions = {},
): Task__Output {
  return {
    id,
    meta: null,
    spec: {
      process: {
        command: '/bin/sh',
        args: [],
        env: [],
        workdir: '',
        user: '',
        stopSignal: '',
        stopGracePeriod: null,
        healthcheck: null,
        ...spec,
      },
      resources: null,
      restart: null,
      placement: null,
      forceUpdate: 0,
      runtime: 'process',
    },
    specVersion: 1,
    serviceId: options.serviceId ?? 'svc1',
    slot: 1,
    nodeId: 'node1',
    serviceAnnotations: { name: 'web', labels: {} },
    runtime: RuntimeKind.RUNTIME_KIND_PROCESS,
    desiredState: options.desired ?? TaskState.TASK_STATE_RUNNING,
    status: {
      timestamp: null,
      state: options.state ?? TaskState.TASK_STATE_ASSIGNED,
      message: 'assigned',
      err: '',
      portStatus: null,
      startedAt: null,
      health: 0,
    },
    endpoint: null,
  };
}

/** A shell one-liner as a task's program. */
export function shellTask(id: string, script: string, spec: Partial<ProcessSpec__Output> = {}): Task__Output {
  return processTask(id, { command: '/bin/sh', args: ['-c', script], ...spec });
}

export function duration(ms: number): Duration__Output {
  return { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 };
}

/**
 * A fresh data dir (searchable by every user, so a task may run as `nobody`). On teardown every process
 * group a record in it names is killed, then the dir is removed.
 */
export async function makeDataDir(t: Test): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'covey-process-'));
  await chmod(dir, 0o755);
  t.teardown(async () => {
    await killRecordedGroups(dir);
    await rm(dir, { recursive: true, force: true });
  });
  return dir;
}

/** Kills the group of every record under `dataDir` (records that do not parse are skipped). */
export async function killRecordedGroups(dataDir: string): Promise<void> {
  const names = await readdir(dataDir).catch(() => []);
  for (const name of names) {
    const text = await readFile(join(dataDir, name, 'record.json'), 'utf8').catch(() => '');
    const pgid = /"pgid"\s*:\s*(\d+)/.exec(text)?.[1];
    if (pgid !== undefined) killGroup(Number(pgid));
  }
}

export function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** Whether a process runs (exists and is not a zombie). */
export async function running(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Polls `condition` until it holds; fails with `what` after `timeoutMs`. */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 5_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
