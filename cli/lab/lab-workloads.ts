// The tasks a lab's nodes ran, stopped by `lab down` after the daemons: a stopped daemon leaves its
// tasks running (they are adopted at its next start), and a lab that is gone will not start again.
// Each node's own executor (drained managers' too) finds them: process groups from the records
// under its data dir, and containers labelled with its node ID (covey.node.id) — nothing else on the host is touched.
import { join } from 'node:path';
import { pino } from 'pino';
import { DockerExecutor } from '../../agent/executors/docker/docker-executor.ts';
import { ProcessExecutor } from '../../agent/executors/process/process-executor.ts';
import { readClientBundle } from '../../pki/client-bundle.ts';
import { dataDirLayout } from '../daemon/data-dir.ts';
import type { LabNodeRecord } from './lab-state-file.ts';

/** Grace between the stop signal and SIGKILL for each task (Docker's default stop grace). */
export const TASK_STOP_GRACE_MS = 10_000;

export interface WorkloadOutcome {
  readonly node: string;
  readonly runtime: 'docker' | 'process';
  /** Task IDs whose workload was removed. */
  readonly removed: readonly string[];
  /** Why the node's workloads could not all be looked at or removed. */
  readonly problem?: string;
}

export async function removeLabWorkloads(
  nodes: readonly LabNodeRecord[],
  graceMs: number = TASK_STOP_GRACE_MS,
): Promise<WorkloadOutcome[]> {
  return Promise.all(nodes.map((n) => removeNodeWorkloads(n, graceMs)));
}

async function removeNodeWorkloads(node: LabNodeRecord, graceMs: number): Promise<WorkloadOutcome> {
  const removed: string[] = [];
  const outcome = (problem?: string): WorkloadOutcome => ({
    node: node.name,
    runtime: node.runtime,
    removed,
    ...(problem === undefined ? {} : { problem }),
  });
  const nodeId = node.nodeId !== '' ? node.nodeId : await nodeIdFromCertificate(node);
  // A node that never got an identity never got a task either.
  if (nodeId === undefined) return outcome();
  let executor: DockerExecutor | ProcessExecutor;
  try {
    executor = await executorOf(node, nodeId);
  } catch (err) {
    return outcome(`cannot reach its runtime: ${(err as Error).message}`);
  }
  try {
    const workloads = await executor.workloads();
    await Promise.all(
      workloads.map(async (w) => {
        await executor.removeWorkload(w.taskId, graceMs);
        removed.push(w.taskId);
      }),
    );
    return outcome();
  } catch (err) {
    return outcome((err as Error).message);
  }
}

function executorOf(node: LabNodeRecord, nodeId: string): Promise<DockerExecutor | ProcessExecutor> {
  const logger = pino({ level: 'silent' });
  if (node.runtime === 'docker') return DockerExecutor.connect({ nodeId, logger });
  // The directory runtime-choice.ts gives the process executor.
  const dataDir = join(dataDirLayout(node.dataDir).agent, 'process');
  return Promise.resolve(new ProcessExecutor({ dataDir, nodeId, logger }));
}

/** The node ID its certificate names, for a node that died before `lab up` recorded it. */
async function nodeIdFromCertificate(node: LabNodeRecord): Promise<string | undefined> {
  try {
    const bundle = await readClientBundle(dataDirLayout(node.dataDir).certs, { now: new Date() });
    return bundle.identity.nodeId;
  } catch {
    return undefined;
  }
}
