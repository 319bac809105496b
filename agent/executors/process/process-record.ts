// The per-task record on disk: what a restarted agent (not the parent of the process) needs to find,
// follow and stop a task's process group. Written atomically before start() resolves.
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from './atomic-file.ts';
import { ProcessRecordError } from './process-errors.ts';
import type { ProcessIdentity } from './process-group.ts';

export const PROCESS_RECORD_VERSION = 1;

export interface LaunchedIdentity extends ProcessIdentity {
  /** When the agent launched it (epoch ms, on the agent's clock): the healthcheck's start period counts from here. */
  readonly startedAtMs: number;
}

export interface ProcessRecord {
  readonly version: number;
  readonly taskId: string;
  readonly serviceId: string;
  readonly nodeId: string;
  readonly command: string;
  readonly args: readonly string[];
  /** Canonical signal name, sent first by a stop that has no task spec at hand (removeWorkload). */
  readonly stopSignal: string;
  readonly paths: {
    readonly stdout: string;
    readonly stderr: string;
    readonly exit: string;
    readonly workdir: string;
  };
  /** Null while the task is only prepared. */
  readonly process: LaunchedIdentity | null;
}

export type RecordRead =
  | { readonly kind: 'missing' }
  | { readonly kind: 'ok'; readonly record: ProcessRecord }
  | {
      readonly kind: 'corrupt';
      readonly error: ProcessRecordError;
      /** The pid and start time, when they can still be picked out of the text, so the group can be stopped. */
      readonly salvaged: ProcessIdentity | null;
    };

export async function readRecord(path: string): Promise<RecordRead> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return {
      kind: 'corrupt',
      error: new ProcessRecordError(path, 'cannot read', { cause: error }),
      salvaged: null,
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return {
      kind: 'corrupt',
      error: new ProcessRecordError(path, 'not JSON', { cause: error }),
      salvaged: salvageIdentity(text),
    };
  }
  const problem = recordProblem(value);
  if (problem !== null) {
    return { kind: 'corrupt', error: new ProcessRecordError(path, problem), salvaged: salvageIdentity(text) };
  }
  return { kind: 'ok', record: value as ProcessRecord };
}

export function writeRecord(path: string, record: ProcessRecord): Promise<void> {
  return writeFileAtomic(path, `${JSON.stringify(record, null, 2)}\n`, 0o600);
}

/** What is wrong with a parsed value as a record; null when nothing is. */
export function recordProblem(value: unknown): string | null {
  if (!isObject(value)) return 'not an object';
  if (value.version !== PROCESS_RECORD_VERSION) return `unknown version ${JSON.stringify(value.version)}`;
  for (const key of ['taskId', 'serviceId', 'nodeId', 'command', 'stopSignal'] as const) {
    if (typeof value[key] !== 'string') return `${key} is not a string`;
  }
  if (!Array.isArray(value.args) || !value.args.every((a) => typeof a === 'string')) {
    return 'args is not a list of strings';
  }
  const paths = value.paths;
  if (
    !isObject(paths) ||
    !['stdout', 'stderr', 'exit', 'workdir'].every((k) => typeof paths[k] === 'string')
  ) {
    return 'paths are incomplete';
  }
  const proc = value.process;
  if (proc === null) return null;
  if (!isObject(proc)) return 'process is not an object';
  if (!isPid(proc.pid) || !isPid(proc.pgid)) return 'pid or pgid is not a pid';
  if (proc.startTime !== null && !Number.isSafeInteger(proc.startTime)) return 'startTime is not a number';
  if (typeof proc.startedAtMs !== 'number') return 'startedAtMs is not a number';
  return null;
}

/** The group's identity from a damaged record's text, when its fields are still legible. */
export function salvageIdentity(text: string): ProcessIdentity | null {
  const pid = /"pid"\s*:\s*(\d+)/.exec(text)?.[1];
  const pgid = /"pgid"\s*:\s*(\d+)/.exec(text)?.[1];
  const startTime = /"startTime"\s*:\s*(\d+)/.exec(text)?.[1];
  if (pid === undefined || startTime === undefined) return null;
  return { pid: Number(pid), pgid: Number(pgid ?? pid), startTime: Number(startTime) };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPid(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) > 1;
}
