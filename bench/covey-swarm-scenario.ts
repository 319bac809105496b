// covey's side of bench:swarm: the Swarm baseline's scenario (create N replicas, roll them to the
// second image with update parallelism P, scale to 2N; same image, command and stop grace) on a lab
// of real `covey daemon` processes driving the same Docker engine, timed the way the script times
// Swarm: from the request until enough tasks of the wanted image are RUNNING.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { listAllNodes, listAllTasks } from '../cli/commands/list-all.ts';
import { updateService } from '../cli/commands/service-update.ts';
import type { ControlClient } from '../cli/control-client.ts';
import { NodeState } from '../proto/gen/covey/v1/NodeState.ts';
import type { Service__Output } from '../proto/gen/covey/v1/Service.ts';
import type { ServiceSpec } from '../proto/gen/covey/v1/ServiceSpec.ts';
import { UpdateFailureAction } from '../proto/gen/covey/v1/UpdateFailureAction.ts';
import { UpdateOrder } from '../proto/gen/covey/v1/UpdateOrder.ts';
import { ProcessCluster } from '../scripts/lab/process-cluster.ts';
import { waitFor } from '../scripts/lab/wait-for.ts';
import { BENCH_LABEL, removeRunContainers } from './bench-containers.ts';
import { EmptyAnswerError } from './errors.ts';
import { type PhaseTimeline, phaseTimeline } from './phase-timeline.ts';
import { untilRunning } from './running-count.ts';

/** 1m: one manager that also runs the tasks (Swarm's single node); 3m1w: 3 managers, 1 docker worker. */
export type CoveyTopology = '1m' | '3m1w';

export interface CoveyScenario {
  readonly n: number;
  readonly parallelism: number;
  /** The first image (`…:1`) and the one the update rolls to (`…:2`). */
  readonly image: string;
  readonly nextImage: string;
  readonly command: readonly string[];
  readonly stopGraceSeconds: number;
  readonly topology: CoveyTopology;
  /** The value of BENCH_LABEL on every container of this run. */
  readonly runId: string;
  /** Progress lines (stderr). */
  readonly log: (line: string) => void;
  /** Interrupts the run (a Ctrl-C): the lab is stopped and its containers removed. */
  readonly signal?: AbortSignal;
}

export interface CoveyResult {
  readonly system: 'covey';
  readonly n: number;
  readonly parallelism: number;
  readonly create_s: number;
  readonly update_s: number;
  readonly scale_s: number;
  readonly covey_topology: string;
  readonly timeline: {
    readonly create: PhaseTimeline;
    readonly update: PhaseTimeline;
    readonly scale: PhaseTimeline;
  };
}

const TOPOLOGY_TEXT: Readonly<Record<CoveyTopology, string>> = {
  '1m': '1 manager daemon with --runtime docker (it runs the tasks too)',
  '3m1w': '3 manager daemons with --runtime none, 1 worker daemon with --runtime docker',
};

/** A phase that has not converged in this long is reported as stuck. */
const PHASE_DEADLINE_MS = 300_000;

const round2 = (n: number) => Math.round(n * 100) / 100;

export function serviceSpec(s: CoveyScenario): ServiceSpec {
  return {
    annotations: { name: `covey-bench-${s.runId}`, labels: {} },
    task: {
      container: {
        image: s.image,
        args: [...s.command],
        labels: { [BENCH_LABEL]: s.runId },
        stopGracePeriod: { seconds: s.stopGraceSeconds, nanos: 0 },
      },
    },
    replicated: { replicas: s.n },
    // `docker service create --update-parallelism P --update-delay 0s`: the rest Swarm's defaults.
    updateConfig: {
      parallelism: s.parallelism,
      delay: { seconds: 0, nanos: 0 },
      failureAction: UpdateFailureAction.UPDATE_FAILURE_ACTION_PAUSE,
      monitor: { seconds: 5, nanos: 0 },
      maxFailureRatio: 0,
      order: UpdateOrder.UPDATE_ORDER_STOP_FIRST,
    },
  };
}

/** Starts the lab and waits until the node that runs tasks is READY. */
async function startLab(s: CoveyScenario, root: string): Promise<ProcessCluster> {
  const cluster = new ProcessCluster(root);
  const docker = ['--runtime', 'docker'];
  if (s.topology === '1m') await cluster.start(1, 0, { manager: docker });
  else await cluster.start(3, 1, { manager: ['--runtime', 'none'], worker: docker });
  const client = cluster.control();
  const runners = s.topology === '1m' ? 1 : 4;
  await waitFor(
    async () => {
      const nodes = await listAllNodes(client);
      return nodes.filter((n) => n.status?.state === NodeState.NODE_STATE_READY).length >= runners;
    },
    'the lab nodes READY',
    60_000,
    100,
  );
  return cluster;
}

/** Sends the phase's request, then times it as the script does; reads the timeline after. */
async function timedPhase(
  client: ControlClient,
  request: () => Promise<Service__Output>,
  goal: { image: string; count: number; batchSize?: number; signal?: AbortSignal | undefined },
): Promise<{ service: Service__Output; seconds: number; timeline: PhaseTimeline }> {
  const t0 = Date.now();
  const service = await request();
  await untilRunning(client, {
    serviceId: service.id,
    image: goal.image,
    count: goal.count,
    deadlineMs: PHASE_DEADLINE_MS,
    ...(goal.signal === undefined ? {} : { signal: goal.signal }),
  });
  const seconds = (Date.now() - t0) / 1000;
  const tasks = await listAllTasks(client, { serviceIds: [service.id] });
  return { service, seconds, timeline: phaseTimeline(tasks, t0, goal.image, goal.batchSize ?? 0) };
}

/**
 * Runs the scenario once and removes everything it made — the lab's daemons and data, and every
 * container labelled with the run — also when a phase fails.
 */
export async function runCoveyScenario(docker: Docker, s: CoveyScenario): Promise<CoveyResult> {
  const root = await mkdtemp(join(tmpdir(), 'covey-bench-swarm-'));
  let cluster: ProcessCluster | undefined;
  try {
    s.log(`covey: starting the lab (${TOPOLOGY_TEXT[s.topology]})`);
    cluster = await startLab(s, root);
    s.signal?.throwIfAborted();
    const client = cluster.control();
    s.log(`covey: create ${s.n} replicas`);
    const create = await timedPhase(
      client,
      async () => {
        const { service } = await client.createService({ spec: serviceSpec(s) });
        if (!service) throw new EmptyAnswerError('CreateService: service');
        return service;
      },
      { image: s.image, count: s.n, signal: s.signal },
    );
    s.log(`covey: update to ${s.nextImage}`);
    const update = await timedPhase(
      client,
      () =>
        updateService(client, create.service, (current) => {
          const spec = current.spec;
          const container = spec?.task?.container;
          if (!spec || !container) throw new EmptyAnswerError('GetService: service.spec.task.container');
          return {
            spec: { ...spec, task: { ...spec.task, container: { ...container, image: s.nextImage } } },
          };
        }),
      { image: s.nextImage, count: s.n, batchSize: s.parallelism, signal: s.signal },
    );
    s.log(`covey: scale to ${2 * s.n}`);
    const scale = await timedPhase(
      client,
      () =>
        updateService(client, update.service, (current) => {
          const spec = current.spec;
          if (!spec) throw new EmptyAnswerError('GetService: service.spec');
          return { spec: { ...spec, replicated: { replicas: 2 * s.n } } };
        }),
      { image: s.nextImage, count: 2 * s.n, signal: s.signal },
    );
    return {
      system: 'covey',
      n: s.n,
      parallelism: s.parallelism,
      create_s: round2(create.seconds),
      update_s: round2(update.seconds),
      scale_s: round2(scale.seconds),
      covey_topology: `${s.topology}: ${TOPOLOGY_TEXT[s.topology]}`,
      timeline: { create: create.timeline, update: update.timeline, scale: scale.timeline },
    };
  } finally {
    // The daemons leave their tasks running when they stop (by design): the run's label finds them,
    // and removing them by force is quicker than stopping 100 containers through the service.
    await cluster?.stop();
    await removeRunContainers(docker, s.runId);
    await rm(root, { recursive: true, force: true });
  }
}
