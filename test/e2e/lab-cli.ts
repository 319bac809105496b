// A lab cluster of in-process daemons with the real `covey` CLI pointed at its first manager, for the
// CLI end-to-end tests; the lab stops only once every CLI run the test started has ended.
import type { Test } from 'tap';
import { type CoveyRun, type CoveyRunner, coveyAt, managerTarget } from '../fixtures/covey-cli.ts';
import { LabCluster, type LabNode, type LabOptions } from './lab-cluster.ts';

export interface CliLab {
  readonly lab: LabCluster;
  /** m1, the manager the CLI is pointed at. */
  readonly m1: LabNode;
  /** `--host` and `--cert-dir` of m1. */
  readonly target: readonly string[];
  readonly covey: CoveyRunner;
  /** The runs of `covey` so far; a test adds those it starts otherwise (a spawned CLI) to be waited for. */
  readonly runs: Promise<CoveyRun>[];
}

export async function startCliLab(
  t: Test,
  size: LabOptions,
  run: { readonly timeoutMs?: number } = {},
): Promise<CliLab> {
  const lab = await LabCluster.start(size);
  const runs: Promise<CoveyRun>[] = [];
  t.teardown(async () => {
    await Promise.allSettled(runs);
    await lab.stop();
  });
  const m1 = lab.nodes[0];
  if (!m1) throw new Error('lab has no manager');
  const target = managerTarget(m1);
  return { lab, m1, target, covey: coveyAt(target, { ...run, runs }), runs };
}
