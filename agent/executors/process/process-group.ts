// A task's process group, named by its leader's pid and start time so that a reused pid or group id
// is never signalled: the group is ours while its leader is, or while no process holds the leader's
// pid (Linux does not hand out a pid still in use as a group id, so the members left are ours).
import type { Clock } from '../../worker/clock.ts';
import { ProcessSignalError } from './process-errors.ts';
import { SIGKILL, type SignalSpec } from './process-signal.ts';
import { listProcStats, readProcStat } from './proc-stat.ts';

export interface ProcessIdentity {
  readonly pid: number;
  readonly pgid: number;
  /** /proc/<pid>/stat field 22 when the process was launched; null when it was gone before it was read. */
  readonly startTime: number | null;
}

export class ProcessGroup {
  constructor(readonly identity: ProcessIdentity) {}

  /** Whether the leader runs: the same process (pid and start time), not a zombie. */
  async leaderAlive(): Promise<boolean> {
    const { pid, startTime } = this.identity;
    if (startTime === null) return false;
    const stat = await readProcStat(pid);
    return stat !== null && stat.startTime === startTime && stat.state !== 'Z';
  }

  /** Whether the group id still names our group rather than a newer one that reused the number. */
  async isOurs(): Promise<boolean> {
    const { pgid, startTime } = this.identity;
    const holder = await readProcStat(pgid);
    if (holder === null) return true;
    return pgid === this.identity.pid && startTime !== null && holder.startTime === startTime;
  }

  /** Whether any member of the group still runs (zombies do not count: they only wait to be reaped). */
  async alive(): Promise<boolean> {
    const { pgid } = this.identity;
    if (!(await this.isOurs())) return false;
    try {
      process.kill(-pgid, 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    }
    const stats = await listProcStats();
    return stats.some((stat) => stat.pgrp === pgid && stat.state !== 'Z');
  }

  /** Signals every member; false when the group is gone (or is no longer ours). */
  async signal(signal: SignalSpec): Promise<boolean> {
    if (!(await this.isOurs())) return false;
    try {
      process.kill(-this.identity.pgid, signal.number);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
      throw new ProcessSignalError(this.identity.pgid, signal.number, { cause: error });
    }
  }
}

export interface StopGroupOptions {
  readonly signal: SignalSpec;
  readonly graceMs: number;
  readonly clock: Clock;
  /** How often the group is looked at while it stops. */
  readonly pollMs?: number;
}

const DEFAULT_STOP_POLL_MS = 50;

/**
 * Sends the stop signal to the group, SIGKILL once the grace has passed (again at every look, for a
 * member forked meanwhile), and resolves once no member runs.
 */
export async function stopGroup(group: ProcessGroup, options: StopGroupOptions): Promise<void> {
  const { clock, graceMs } = options;
  const pollMs = options.pollMs ?? DEFAULT_STOP_POLL_MS;
  if (!(await group.alive())) return;
  const deadline = clock.now() + graceMs;
  await group.signal(options.signal);
  for (;;) {
    if (clock.now() >= deadline) await group.signal(SIGKILL);
    if (!(await group.alive())) return;
    const wait = Math.max(0, Math.min(pollMs, deadline - clock.now()));
    await new Promise<void>((resolve) => clock.schedule(wait > 0 ? wait : pollMs, resolve));
  }
}
