// The docker runtime (dockerode; DOCKER_HOST or the default socket): describes the engine, hands out one
// DockerController per task and finds its containers by their labels after an agent restart.
import Docker from 'dockerode';
import { type Logger, pino } from 'pino';
import { RuntimeKind } from '../../../proto/gen/covey/v1/RuntimeKind.ts';
import type { Task__Output } from '../../../proto/gen/covey/v1/Task.ts';
import type { BackoffOptions } from '../../session/backoff.ts';
import { type Clock, systemClock } from '../../worker/clock.ts';
import type {
  Executor,
  ExecutorDescription,
  RuntimeHealthReport,
  TaskController,
  Workload,
} from '../executor.ts';
import { stopTimeoutSeconds } from './container-config.ts';
import { nodeLabelFilter, taskLabelFilter, workloadFromLabels } from './container-identity.ts';
import { DockerController, type DockerControllerDeps } from './docker-controller.ts';
import { engineAddress } from './engine-address.ts';
import {
  engineUnavailable,
  executorError,
  isNotFound,
  isNotModified,
  isStateConflict,
} from './engine-errors.ts';
import { pingEngine } from './engine-ping.ts';
import { DEFAULT_ENGINE_RECONNECT } from './engine-recovery.ts';
import { ImagePuller } from './image-pull.ts';

export interface DockerExecutorOptions {
  /** The node this agent runs as: every container is labelled with it. */
  readonly nodeId: string;
  /** Defaults to `new Docker()` (DOCKER_HOST, else the default socket). */
  readonly docker?: Docker;
  readonly logger?: Logger;
  readonly clock?: Clock;
  /** Backoff between pings while the engine is gone under a running task. */
  readonly reconnect?: BackoffOptions;
  /** How long a ping may take before the engine counts as not answering. */
  readonly pingTimeoutMs?: number;
}

export const DEFAULT_PING_TIMEOUT_MS = 2_000;

/** The parts of `GET /info` covey reads (dockerode types it as any). */
interface EngineInfo {
  readonly NCPU?: unknown;
  readonly MemTotal?: unknown;
  readonly Labels?: unknown;
  readonly ServerVersion?: unknown;
}

export class DockerExecutor implements Executor {
  readonly runtime = RuntimeKind.RUNTIME_KIND_DOCKER;
  private readonly docker: Docker;
  private readonly nodeId: string;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly engine: string;
  private readonly reconnect: BackoffOptions;
  private readonly pingTimeoutMs: number;
  private readonly puller: ImagePuller;
  private description: ExecutorDescription = {
    runtimes: [RuntimeKind.RUNTIME_KIND_DOCKER],
    resources: { nanoCpus: 0, memoryBytes: 0 },
  };
  private apiVersion = '';

  private constructor(options: DockerExecutorOptions) {
    this.docker = options.docker ?? new Docker();
    this.nodeId = options.nodeId;
    this.logger = (options.logger ?? pino({ level: 'silent' })).child({ component: 'docker-executor' });
    this.clock = options.clock ?? systemClock;
    this.engine = engineAddress(this.docker);
    this.reconnect = options.reconnect ?? DEFAULT_ENGINE_RECONNECT;
    this.pingTimeoutMs = options.pingTimeoutMs ?? DEFAULT_PING_TIMEOUT_MS;
    this.puller = new ImagePuller(this.docker);
  }

  /** Connects to the engine and reads what describe() reports; RuntimeUnavailableError when it does not answer. */
  static async connect(options: DockerExecutorOptions): Promise<DockerExecutor> {
    const executor = new DockerExecutor(options);
    await executor.refresh();
    return executor;
  }

  describe(): ExecutorDescription {
    return this.description;
  }

  /** The engine's API version (`1.41`), as last read. */
  get engineApiVersion(): string {
    return this.apiVersion;
  }

  async refresh(): Promise<void> {
    let info: EngineInfo;
    let version: Docker.DockerVersion;
    try {
      await pingEngine(this.docker, this.clock, this.pingTimeoutMs);
      [info, version] = await Promise.all([this.docker.info() as Promise<EngineInfo>, this.docker.version()]);
    } catch (error) {
      throw engineUnavailable(error, this.engine);
    }
    this.apiVersion = version.ApiVersion;
    this.description = {
      runtimes: [RuntimeKind.RUNTIME_KIND_DOCKER],
      resources: {
        nanoCpus: numberOr0(info.NCPU) * 1e9,
        memoryBytes: numberOr0(info.MemTotal),
      },
      engine: {
        version: version.Version ?? (typeof info.ServerVersion === 'string' ? info.ServerVersion : ''),
        labels: engineLabels(info.Labels),
      },
    };
  }

  async health(): Promise<RuntimeHealthReport> {
    try {
      await pingEngine(this.docker, this.clock, this.pingTimeoutMs);
      return { available: true, message: `docker engine at ${this.engine} answers` };
    } catch (error) {
      return { available: false, message: engineUnavailable(error, this.engine).reason };
    }
  }

  controller(task: Task__Output): TaskController {
    return new DockerController(task, this.controllerDeps());
  }

  async workloads(): Promise<Workload[]> {
    let containers: Docker.ContainerInfo[];
    try {
      containers = await this.docker.listContainers({
        all: true,
        filters: { label: [nodeLabelFilter(this.nodeId)] },
      });
    } catch (error) {
      throw engineUnavailable(error, this.engine);
    }
    const workloads: Workload[] = [];
    for (const container of containers) {
      const workload = workloadFromLabels(container.Labels, container.State === 'running');
      if (workload !== undefined) workloads.push(workload);
    }
    return workloads;
  }

  async removeWorkload(taskId: string, graceMs: number): Promise<void> {
    let containers: Docker.ContainerInfo[];
    try {
      containers = await this.docker.listContainers({
        all: true,
        filters: { label: [nodeLabelFilter(this.nodeId), taskLabelFilter(taskId)] },
      });
    } catch (error) {
      throw engineUnavailable(error, this.engine);
    }
    await Promise.all(containers.map((info) => this.stopAndRemove(taskId, info, graceMs)));
  }

  private async stopAndRemove(taskId: string, info: Docker.ContainerInfo, graceMs: number): Promise<void> {
    const container = this.docker.getContainer(info.Id);
    const context = { taskId, container: info.Names[0]?.replace(/^\//, '') ?? info.Id, engine: this.engine };
    try {
      await container.stop({ t: stopTimeoutSeconds(graceMs) });
    } catch (error) {
      if (!isNotModified(error) && !isNotFound(error))
        throw executorError(error, { ...context, operation: 'stop' });
    }
    try {
      await container.remove({ force: true, v: true });
    } catch (error) {
      if (!isNotFound(error) && !isStateConflict(error)) {
        throw executorError(error, { ...context, operation: 'remove' });
      }
    }
    this.logger.info({ taskId, containerId: info.Id }, 'removed workload of a task no longer assigned');
  }

  private controllerDeps(): DockerControllerDeps {
    return {
      docker: this.docker,
      nodeId: this.nodeId,
      apiVersion: this.apiVersion,
      engine: this.engine,
      clock: this.clock,
      logger: this.logger,
      reconnect: this.reconnect,
      pingTimeoutMs: this.pingTimeoutMs,
      pullImage: (image) => this.puller.pull(image),
    };
  }
}

function numberOr0(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/** The engine's labels (`--label k=v` on dockerd) come as `k=v` strings. */
function engineLabels(raw: unknown): Record<string, string> {
  const labels: Record<string, string> = {};
  if (!Array.isArray(raw)) return labels;
  for (const entry of raw) {
    if (typeof entry !== 'string') continue;
    const eq = entry.indexOf('=');
    if (eq > 0) labels[entry.slice(0, eq)] = entry.slice(eq + 1);
    else if (eq < 0) labels[entry] = '';
  }
  return labels;
}
