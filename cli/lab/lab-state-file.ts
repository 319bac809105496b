// <lab dir>/lab.json: what `covey lab up` started (each daemon's pid and start time, addresses,
// folders), so that `lab status` and `lab down`, run later by other processes, find them again.
// Written atomically; a file that does not read as a lab is moved aside, never guessed at.
import { readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../agent/executors/process/atomic-file.ts';
import { LabStateDamagedError } from './lab-errors.ts';
import type { ProcessRef } from './lab-process.ts';

export const LAB_STATE_VERSION = 1;
export const LAB_STATE_FILE = 'lab.json';

export type LabRole = 'manager' | 'worker';
/** What runs the lab's tasks (every node has the same). */
export type LabRuntime = 'docker' | 'process';
/** Managers of a lab with workers are drained: READY in `node ls`, but given no tasks. */
export type LabAvailability = 'active' | 'drain';

export interface LabNodeRecord {
  readonly name: string;
  readonly role: LabRole;
  readonly runtime: LabRuntime;
  readonly availability: LabAvailability;
  /** The daemon (null until spawned). */
  readonly process: ProcessRef | null;
  /** gRPC host:port. */
  readonly grpc: string;
  /** HTTP host:port (/healthz, /metrics). */
  readonly http: string;
  /** The node's folder in the lab dir: its data dir and daemon.log are inside. */
  readonly folder: string;
  readonly dataDir: string;
  readonly logPath: string;
  /** The cluster's ID of the node; '' until it has served /healthz. */
  readonly nodeId: string;
}

export interface LabState {
  readonly version: number;
  /** When `lab up` began (ISO 8601). */
  readonly createdAt: string;
  readonly runtime: LabRuntime;
  /** The admin client bundle (COVEY_CERT_DIR). */
  readonly clientDir: string;
  /** The `lab up` process while it starts the lab; null once the lab is up (or it gave up). */
  readonly starter: ProcessRef | null;
  readonly nodes: readonly LabNodeRecord[];
}

export function labStatePath(dir: string): string {
  return join(dir, LAB_STATE_FILE);
}

/** The lab recorded in `dir`; undefined when there is none; LabStateDamagedError (file moved aside). */
export async function readLabState(
  dir: string,
  now: () => Date = () => new Date(),
): Promise<LabState | undefined> {
  const path = labStatePath(dir);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  let value: unknown;
  let problem: string | null;
  let cause: unknown;
  try {
    value = JSON.parse(text);
    problem = stateProblem(value);
  } catch (err) {
    problem = 'not JSON';
    cause = err;
  }
  if (problem === null) return value as LabState;
  const aside = `${path}.damaged-${now().toISOString().replaceAll(':', '')}`;
  let setAside: string | undefined = aside;
  try {
    await rename(path, aside);
  } catch {
    setAside = undefined;
  }
  throw new LabStateDamagedError(path, problem, setAside, { cause });
}

export function writeLabState(dir: string, state: LabState): Promise<void> {
  return writeFileAtomic(labStatePath(dir), `${JSON.stringify(state, null, 2)}\n`, 0o600);
}

/** What is wrong with a parsed value as a lab state; null when nothing is. */
export function stateProblem(value: unknown): string | null {
  if (!isObject(value)) return 'not an object';
  if (value.version !== LAB_STATE_VERSION) return `unknown version ${JSON.stringify(value.version)}`;
  if (typeof value.createdAt !== 'string') return 'createdAt is not a string';
  if (value.runtime !== 'docker' && value.runtime !== 'process') return 'runtime is not docker or process';
  if (typeof value.clientDir !== 'string') return 'clientDir is not a string';
  if (value.starter !== null && !isProcessRef(value.starter)) return 'starter is not a process';
  if (!Array.isArray(value.nodes)) return 'nodes is not a list';
  for (const [i, node] of value.nodes.entries()) {
    const p = nodeProblem(node);
    if (p !== null) return `node ${i}: ${p}`;
  }
  return null;
}

function nodeProblem(node: unknown): string | null {
  if (!isObject(node)) return 'not an object';
  for (const key of ['name', 'grpc', 'http', 'folder', 'dataDir', 'logPath', 'nodeId'] as const)
    if (typeof node[key] !== 'string') return `${key} is not a string`;
  if (node.role !== 'manager' && node.role !== 'worker') return 'role is not manager or worker';
  if (node.runtime !== 'docker' && node.runtime !== 'process') return 'runtime is not docker or process';
  if (node.availability !== 'active' && node.availability !== 'drain')
    return 'availability is not active or drain';
  if (node.process !== null && !isProcessRef(node.process)) return 'process is not a pid and start time';
  return null;
}

function isProcessRef(value: unknown): value is ProcessRef {
  return (
    isObject(value) &&
    Number.isInteger(value.pid) &&
    (value.pid as number) > 1 &&
    (value.startTime === null || Number.isSafeInteger(value.startTime))
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
