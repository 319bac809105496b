// How a benchmark marks the containers it makes (a label carrying its run's id) and removes exactly
// those: the engine is shared with other engineers' tests, so nothing else is touched.
import { randomBytes } from 'node:crypto';
import type Docker from 'dockerode';

export const BENCH_LABEL = 'covey.bench.run';

/** A fresh id for one benchmark run (the value of BENCH_LABEL on its containers). */
export function newRunId(): string {
  return randomBytes(6).toString('hex');
}

/** Force-removes every container labelled with this run; returns how many there were. */
export async function removeRunContainers(docker: Docker, runId: string): Promise<number> {
  const containers = await docker.listContainers({
    all: true,
    filters: { label: [`${BENCH_LABEL}=${runId}`] },
  });
  await Promise.all(
    containers.map((c) =>
      docker
        .getContainer(c.Id)
        .remove({ force: true, v: true })
        .catch((error: unknown) => {
          // Already gone (404) or its removal under way (409): either way it is going.
          const status = (error as { statusCode?: number }).statusCode;
          if (status !== 404 && status !== 409) throw error;
        }),
    ),
  );
  return containers.length;
}
