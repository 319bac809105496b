// Real `covey daemon` processes whose workers run containers on the real Docker engine (managers
// with `--runtime none`), torn down with the containers of the services the test made.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import type { Test } from 'tap';
import type { ControlClient } from '../../cli/control-client.ts';
import { ProcessCluster } from '../../scripts/lab/process-cluster.ts';
import { waitFor } from '../../scripts/lab/wait-for.ts';
import { readyWorkers } from './service-fixtures.ts';

export interface DockerCluster {
  readonly lab: ProcessCluster;
  /** A client of every manager. */
  readonly control: ControlClient;
  /** The services the test made: push each one's ID, the teardown removes their containers. */
  readonly serviceIds: string[];
}

/** Starts the cluster under a new temporary directory and waits until every worker is READY. */
export async function startDockerCluster(
  t: Test,
  docker: Docker,
  size: { readonly managers: number; readonly workers: number; readonly dirPrefix: string },
): Promise<DockerCluster> {
  const root = await mkdtemp(join(tmpdir(), size.dirPrefix));
  const lab = new ProcessCluster(root);
  const serviceIds: string[] = [];
  t.teardown(async () => {
    for (const p of lab.nodes) await lab.kill(p);
    await removeServiceContainers(docker, serviceIds);
    await rm(root, { recursive: true, force: true });
  });
  await lab.start(size.managers, size.workers, {
    manager: ['--runtime', 'none'],
    worker: ['--runtime', 'docker'],
  });
  const control = lab.control();
  await waitFor(
    async () => readyWorkers((await control.listNodes()).nodes) === size.workers || undefined,
    `${size.workers} workers READY`,
    30_000,
  );
  return { lab, control, serviceIds };
}

/** Containers outlive their agents by design: removes those of `serviceIds` (all, running or not). */
async function removeServiceContainers(docker: Docker, serviceIds: readonly string[]): Promise<void> {
  for (const id of serviceIds) {
    const list = await docker.listContainers({ all: true, filters: { label: [`covey.service.id=${id}`] } });
    for (const c of list) {
      await docker
        .getContainer(c.Id)
        .remove({ force: true })
        .catch(() => undefined);
    }
  }
}
