// How far a task's output files have been read, kept in the task dir so that a restarted agent
// resumes without repeating lines: per stream, checkpoints (byte offset after the last delivered
// line, when it was read). logs({ sinceMs }) starts after the last checkpoint not later than sinceMs.
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from './atomic-file.ts';

/** [offset, timeMs]: every line before `offset` was delivered by `timeMs` (epoch ms). */
export type Checkpoint = readonly [offset: number, timeMs: number];

export interface LogCheckpoints {
  readonly stdout: readonly Checkpoint[];
  readonly stderr: readonly Checkpoint[];
}

/** Kept per stream, newest last: enough to resume from any moment of the last few minutes of reads. */
export const MAX_CHECKPOINTS = 256;

const VERSION = 1;

/** The persisted checkpoints; null when there are none (or they are unreadable: then start over). */
export async function readLogCheckpoints(path: string): Promise<LogCheckpoints | null> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, 'utf8'));
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const record = value as Record<string, unknown>;
  if (record.version !== VERSION) return null;
  const stdout = checkpoints(record.stdout);
  const stderr = checkpoints(record.stderr);
  return stdout === null || stderr === null ? null : { stdout, stderr };
}

export function writeLogCheckpoints(path: string, value: LogCheckpoints): Promise<void> {
  return writeFileAtomic(path, JSON.stringify({ version: VERSION, ...value }));
}

/** Where to resume reading a stream for lines read after `sinceMs`: 0 when no checkpoint is that old. */
export function resumeOffset(list: readonly Checkpoint[], sinceMs: number): number {
  let offset = 0;
  for (const [at, timeMs] of list) {
    if (timeMs > sinceMs) break;
    offset = at;
  }
  return offset;
}

/** Adds a checkpoint, dropping the oldest beyond MAX_CHECKPOINTS. */
export function appendCheckpoint(list: readonly Checkpoint[], checkpoint: Checkpoint): Checkpoint[] {
  const next = [...list, checkpoint];
  return next.length > MAX_CHECKPOINTS ? next.slice(next.length - MAX_CHECKPOINTS) : next;
}

function checkpoints(value: unknown): Checkpoint[] | null {
  if (!Array.isArray(value)) return null;
  const list: Checkpoint[] = [];
  for (const item of value) {
    if (!Array.isArray(item) || item.length !== 2) return null;
    const [offset, timeMs] = item as unknown[];
    if (!Number.isSafeInteger(offset) || typeof timeMs !== 'number') return null;
    list.push([offset as number, timeMs]);
  }
  return list;
}
