// Stopping a lab's daemons: SIGTERM to each (a clean stop: Raft log flushed, leadership handed
// off), then SIGKILL to any still running after the grace. Only processes whose pid and start time
// match what `lab up` recorded are signalled.
import { isRunning, type ProcessRef, signalIfRunning } from './lab-process.ts';
import type { LabNodeRecord } from './lab-state-file.ts';

export const DEFAULT_STOP_GRACE_MS = 10_000;
const POLL_MS = 50;
/** How long SIGKILLed processes get to vanish before they count as unstoppable. */
const KILL_WAIT_MS = 5_000;

export interface StopOutcome {
  /** Stopped by SIGTERM within the grace. */
  readonly stopped: readonly string[];
  /** Needed SIGKILL. */
  readonly killed: readonly string[];
  /** Were not running. */
  readonly gone: readonly string[];
  /** Still run even after SIGKILL. */
  readonly stuck: readonly string[];
}

export async function stopLabDaemons(
  nodes: readonly LabNodeRecord[],
  graceMs: number = DEFAULT_STOP_GRACE_MS,
): Promise<StopOutcome> {
  const live: { name: string; ref: ProcessRef }[] = [];
  const gone: string[] = [];
  for (const n of nodes) {
    if (n.process !== null && (await signalIfRunning(n.process, 'SIGTERM')))
      live.push({ name: n.name, ref: n.process });
    else gone.push(n.name);
  }
  let left = await untilGone(live, graceMs);
  const termed = new Set(left.map((l) => l.name));
  for (const l of left) await signalIfRunning(l.ref, 'SIGKILL');
  left = await untilGone(left, KILL_WAIT_MS);
  const stuck = new Set(left.map((l) => l.name));
  return {
    stopped: live.filter((l) => !termed.has(l.name)).map((l) => l.name),
    killed: [...termed].filter((n) => !stuck.has(n)),
    gone,
    stuck: [...stuck],
  };
}

/** The processes still running once all are gone or the time is up. */
async function untilGone<T extends { ref: ProcessRef }>(procs: readonly T[], withinMs: number): Promise<T[]> {
  const deadline = Date.now() + withinMs;
  let left = [...procs];
  for (;;) {
    const running = await Promise.all(left.map((p) => isRunning(p.ref)));
    left = left.filter((_, i) => running[i]);
    if (left.length === 0 || Date.now() >= deadline) return left;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}
