// `covey lab status`: each recorded daemon, whether that very process still runs, and which
// manager its peers follow as Raft leader (from /healthz; a dead node reports nothing).
import { fetchDaemonHealth } from './daemon-health.ts';
import { NoLabError } from './lab-errors.ts';
import { isRunning } from './lab-process.ts';
import { type LabNodeRecord, type LabState, readLabState } from './lab-state-file.ts';

export interface LabNodeStatus {
  readonly record: LabNodeRecord;
  readonly running: boolean;
  readonly leader: boolean;
}

export interface LabStatus {
  readonly state: LabState;
  readonly nodes: readonly LabNodeStatus[];
  /** A `lab up` is still starting this lab. */
  readonly starting: boolean;
}

export async function labStatus(dir: string): Promise<LabStatus> {
  const state = await readLabState(dir);
  if (state === undefined) throw new NoLabError(dir);
  const nodes = await Promise.all(
    state.nodes.map(async (record): Promise<LabNodeStatus> => {
      const running = record.process !== null && (await isRunning(record.process));
      const health = running && record.role === 'manager' ? await fetchDaemonHealth(record.http) : undefined;
      return { record, running, leader: health?.raft?.isLeader === true };
    }),
  );
  const starting = state.starter !== null && (await isRunning(state.starter));
  return { state, nodes, starting };
}

/** What still runs of a lab: its nodes' names, and `lab up` while it starts it. */
export async function runningParts(state: LabState): Promise<string[]> {
  const names: string[] = [];
  if (state.starter !== null && (await isRunning(state.starter)))
    names.push(`\`lab up\` pid ${state.starter.pid}`);
  for (const n of state.nodes) if (n.process !== null && (await isRunning(n.process))) names.push(n.name);
  return names;
}
