// What a task's ProcessSpec becomes on this host before anything runs: the program's absolute path,
// its environment, workdir, user, stop signal and healthcheck. A spec this host cannot honour is
// rejected here (TaskRejectedError), so the task never reaches STARTING.
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, isAbsolute, resolve } from 'node:path';
import type { HealthConfig__Output } from '../../../proto/gen/covey/v1/HealthConfig.ts';
import type { Task__Output } from '../../../proto/gen/covey/v1/Task.ts';
import { TaskRejectedError } from '../errors.ts';
import { parseHealthTest } from './process-health-check.ts';
import { type HealthSchedule, healthSchedule } from './process-health.ts';
import { parseSignal, type SignalSpec } from './process-signal.ts';
import type { TaskDirLayout } from './process-task-dir.ts';
import { UnknownUserError } from './process-errors.ts';
import { lookupUser, type RunAs } from './process-user.ts';

/** Docker's default PATH, for an agent started without one. */
export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export interface PlannedHealthcheck {
  readonly argv: readonly [string, ...string[]];
  readonly schedule: HealthSchedule;
}

export interface ProcessPlan {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly workdir: string;
  /** True when the workdir is the task's own (created, and handed to the task's user, by prepare). */
  readonly ownWorkdir: boolean;
  /** Null: run as the agent's user. */
  readonly runAs: RunAs | null;
  readonly stopSignal: SignalSpec;
  readonly healthcheck: PlannedHealthcheck | null;
}

export interface PlanContext {
  readonly layout: TaskDirLayout;
  readonly nodeId: string;
  /** The agent's own environment: PATH for the lookup and the task, HOME by default. */
  readonly agentEnv: Readonly<Record<string, string | undefined>>;
  /** The agent's uid (root may switch users; others may only run as themselves). */
  readonly agentUid: number;
}

export async function planProcess(task: Task__Output, context: PlanContext): Promise<ProcessPlan> {
  const spec = task.spec?.process;
  const reject = (reason: string, cause?: unknown): never => {
    throw new TaskRejectedError(task.id, reason, cause === undefined ? undefined : { cause });
  };
  if (spec === undefined || spec === null) return reject('the task has no process spec');
  const stopSignal =
    parseSignal(spec.stopSignal) ?? reject(`unknown stop signal ${JSON.stringify(spec.stopSignal)}`);
  const runAs = await planUser(spec.user, context.agentUid).catch((error: unknown) =>
    reject(error instanceof Error ? error.message : String(error), error),
  );
  const agentPath = context.agentEnv.PATH ?? DEFAULT_PATH;
  const env: Record<string, string> = {
    PATH: agentPath,
    HOME: runAs?.home ?? context.agentEnv.HOME ?? '/',
  };
  for (const entry of spec.env) {
    const eq = entry.indexOf('=');
    if (eq <= 0) reject(`environment entry ${JSON.stringify(entry)} is not NAME=VALUE`);
    env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  env.COVEY_TASK_ID = task.id;
  env.COVEY_SERVICE_ID = task.serviceId;
  env.COVEY_NODE_ID = context.nodeId;

  const ownWorkdir = spec.workdir === '';
  const workdir = ownWorkdir ? context.layout.defaultWorkdir : spec.workdir;
  if (!ownWorkdir) {
    if (!isAbsolute(workdir)) reject(`workdir ${workdir} is not an absolute path`);
    const info = await stat(workdir).catch(() => null);
    if (info === null || !info.isDirectory()) reject(`workdir ${workdir} does not exist`);
  }
  if (spec.command === '') reject('the process spec has no command');
  const command =
    (await resolveCommand(spec.command, workdir, agentPath)) ?? reject(`command not found: ${spec.command}`);
  return {
    command,
    args: spec.args,
    env,
    workdir,
    ownWorkdir,
    runAs,
    stopSignal,
    healthcheck: planHealthcheck(task.id, spec.healthcheck),
  };
}

async function planUser(user: string, agentUid: number): Promise<RunAs | null> {
  if (user === '') return null;
  const runAs = await lookupUser(user);
  if (agentUid === 0) return runAs;
  if (runAs.uid === agentUid) return null;
  throw new UnknownUserError(user, 'the agent does not run as root, so it cannot run tasks as another user');
}

function planHealthcheck(taskId: string, config: HealthConfig__Output | null): PlannedHealthcheck | null {
  if (config === null) return null;
  const test = parseHealthTest(config.test);
  if (test.kind === 'none') return null;
  if (test.kind === 'invalid') throw new TaskRejectedError(taskId, `invalid healthcheck: ${test.reason}`);
  return { argv: test.argv, schedule: healthSchedule(config) };
}

/**
 * The absolute path of the program: an absolute path as given, a relative one (`./run`) against the
 * workdir, a bare name through PATH. Null when there is no executable file there.
 */
export async function resolveCommand(command: string, workdir: string, path: string): Promise<string | null> {
  if (command.includes('/')) {
    const candidate = isAbsolute(command) ? command : resolve(workdir, command);
    return (await isExecutableFile(candidate)) ? candidate : null;
  }
  for (const dir of path.split(delimiter)) {
    if (dir === '' || !isAbsolute(dir)) continue;
    const candidate = resolve(dir, command);
    if (await isExecutableFile(candidate)) return candidate;
  }
  return null;
}

async function isExecutableFile(path: string): Promise<boolean> {
  try {
    const info = await stat(path);
    if (!info.isFile()) return false;
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
