// The fields of /proc/<pid>/stat the process runtime relies on. A pid with its start time (clock ticks
// since boot, field 22) names one process for good: a reused pid has a later start time.
import { readdir, readFile } from 'node:fs/promises';

export interface ProcStat {
  readonly pid: number;
  /** R, S, D, Z (zombie: exited, not yet reaped), T, ... */
  readonly state: string;
  readonly ppid: number;
  readonly pgrp: number;
  readonly session: number;
  readonly startTime: number;
}

/** Parses one stat line; null when it is not one. The command name may hold spaces and parentheses. */
export function parseProcStat(text: string): ProcStat | null {
  const open = text.indexOf(' (');
  const close = text.lastIndexOf(')');
  if (open <= 0 || close < open) return null;
  const pid = Number(text.slice(0, open));
  // Fields after the name start with field 3 (state); field N sits at index N - 3.
  const rest = text
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  const state = rest[0];
  const numbers = [rest[1], rest[2], rest[3], rest[19]].map(Number);
  const [ppid, pgrp, session, startTime] = numbers;
  if (
    !Number.isInteger(pid) ||
    state === undefined ||
    ppid === undefined ||
    pgrp === undefined ||
    session === undefined ||
    startTime === undefined ||
    numbers.some((n) => !Number.isInteger(n))
  ) {
    return null;
  }
  return { pid, state, ppid, pgrp, session, startTime };
}

/** The process's stat now; null when there is no such process. */
export async function readProcStat(pid: number): Promise<ProcStat | null> {
  try {
    return parseProcStat(await readFile(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

/** Every process of the host, as far as /proc shows them (ones that vanish while listed are skipped). */
export async function listProcStats(): Promise<ProcStat[]> {
  const names = await readdir('/proc');
  const stats = await Promise.all(
    names.filter((name) => /^\d+$/.test(name)).map((name) => readProcStat(Number(name))),
  );
  return stats.filter((stat): stat is ProcStat => stat !== null);
}
