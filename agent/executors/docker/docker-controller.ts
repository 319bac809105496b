// One task's container on the Docker engine for the task runner: create (pulling when missing), start
// (until healthy), follow to the exit through engine outages, stop, remove; adopts a container it finds.
import type Docker from 'dockerode';
import type { Logger } from 'pino';
import type { ContainerSpec__Output } from '../../../proto/gen/covey/v1/ContainerSpec.ts';
import type { Task__Output } from '../../../proto/gen/covey/v1/Task.ts';
import { TaskHealth, type TaskHealth__Output } from '../../../proto/gen/covey/v1/TaskHealth.ts';
import type { BackoffOptions } from '../../session/backoff.ts';
import type { Clock } from '../../worker/clock.ts';
import { stopGraceMs } from '../../worker/stop-grace.ts';
import {
  ControllerStateError,
  type ExecutorError,
  TaskRejectedError,
  TaskStartError,
  TaskUnhealthyError,
} from '../errors.ts';
import type { ExitInfo, LogFollower, LogFollowOptions, TaskController } from '../executor.ts';
import {
  containerCreateOptions,
  containerSpecOf,
  healthcheckMode,
  namedVolumes,
  requestedHostPorts,
  stopTimeoutSeconds,
} from './container-config.ts';
import { type ContainerEvent, ContainerEvents } from './container-events.ts';
import { exitFromDieEvent, exitFromInspect, hasStarted } from './container-exit.ts';
import { hasHealthcheck, lastHealthOutput, taskHealth } from './container-health.ts';
import { COVEY_LABELS, containerName } from './container-identity.ts';
import { followContainerLogs } from './container-logs.ts';
import {
  type EngineOperation,
  executorError,
  isNameConflict,
  isNoSuchImage,
  isNotFound,
  isNotModified,
  isPassing,
  isStateConflict,
} from './engine-errors.ts';
import { pingEngine } from './engine-ping.ts';
import { untilEngineAnswers } from './engine-recovery.ts';

/** What a controller shares with its executor. */
export interface DockerControllerDeps {
  readonly docker: Docker;
  readonly nodeId: string;
  /** The engine's API version, for the fields of the create request. */
  readonly apiVersion: string;
  /** Where the engine is, for messages. */
  readonly engine: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Between pings while the engine is gone during wait(). */
  readonly reconnect: BackoffOptions;
  readonly pingTimeoutMs: number;
  /** Pulls an image, once for all the tasks that need it at the same time. */
  readonly pullImage: (image: string) => Promise<void>;
}

/** Events that can change what start() or wait() are waiting for. */
const WATCHED_EVENTS = ['health_status', 'die'];

export class DockerController implements TaskController {
  private readonly taskId: string;
  private readonly name: string;
  private readonly logger: Logger;
  /** The container's ID once this controller created or found it. */
  private containerId: string | null = null;
  /** Created by this controller and not started yet: start() needs no inspect to know what to do. */
  private fresh = false;
  /** The main process seen while it ran (the engine zeroes it at exit). */
  private pid = 0;
  private currentHealth: TaskHealth__Output = TaskHealth.TASK_HEALTH_NONE;
  private exit: ExitInfo | null = null;
  private following: Promise<ExitInfo> | null = null;
  private removed = false;
  /**
   * Set by a shutdown that may end at the container's `die` (it holds no fixed host port): wait()
   * and shutdown() then resolve when the process has exited, not when the engine has also torn the
   * container down. Resolved by the follow loop when it sees that `die`.
   */
  private exitOnShutdown: { promise: Promise<ExitInfo>; resolve: (exit: ExitInfo) => void } | null = null;
  /** The engine's stop call of a shutdown, settled (errors logged): remove() waits for it. */
  private stopping: Promise<void> | null = null;
  /** Aborted by remove(): ends reconnect waits and open event streams. */
  private readonly lifetime = new AbortController();
  private readonly subscriptions = new Set<ContainerEvents>();

  constructor(
    private readonly task: Task__Output,
    private readonly deps: DockerControllerDeps,
  ) {
    this.taskId = task.id;
    this.name = containerName(task, deps.nodeId);
    this.logger = deps.logger.child({ taskId: task.id, container: this.name });
  }

  async prepare(): Promise<void> {
    this.refuseIfRemoved('prepare');
    if (this.containerId !== null) return;
    const options = containerCreateOptions(this.task, {
      nodeId: this.deps.nodeId,
      apiVersion: this.deps.apiVersion,
    });
    await this.ensureVolumes();
    this.containerId = await this.create(options);
  }

  async start(): Promise<void> {
    this.refuseIfRemoved('start');
    // A controller of an adopted task may be asked to start without having prepared.
    await this.prepare();
    if (!this.fresh) {
      const info = await this.inspect();
      if (info.State.Running) {
        this.pid = info.State.Pid;
        return this.untilHealthy(info);
      }
      // It ran and ended while no one watched: wait() reports how, it is not run a second time.
      if (hasStarted(info.State)) return;
    }
    try {
      await this.container().start();
    } catch (error) {
      if (!isNotModified(error)) throw this.fail(error, 'start');
    }
    this.fresh = false;
    if (healthcheckMode(this.spec()) === 'disabled') return;
    // Only the engine knows whether the image brings a HEALTHCHECK of its own.
    const info = await this.inspect();
    this.pid = info.State.Pid;
    await this.untilHealthy(info);
  }

  wait(): Promise<ExitInfo> {
    if (this.removed) return Promise.reject(new ControllerStateError(this.taskId, 'wait on', 'removed'));
    if (this.exit !== null) return Promise.resolve(this.exit);
    this.following ??= this.follow().finally(() => {
      this.following = null;
    });
    return this.following;
  }

  /**
   * Stops the container with the grace (the engine's stop: signal, then kill after the grace). A
   * container publishing no fixed host port counts as stopped once its process has exited: the
   * engine's teardown that follows (network namespace, mounts — half a second and more on a busy
   * host) holds nothing a replacement needs, and a stop-first rolling update waits on every such stop.
   * With a fixed host port it counts only once the engine has released the port.
   */
  async shutdown(graceMs: number): Promise<void> {
    if (this.removed) return;
    if (safeHostPorts(this.task).length > 0) {
      await this.stop(graceMs);
      return;
    }
    this.exitOnShutdown ??= deferred<ExitInfo>();
    const exited = this.exitOnShutdown.promise;
    const stop = this.stop(graceMs);
    const settled = stop.catch((error: unknown) => {
      this.logger.warn({ err: error }, 'stopping the container failed after its process exited');
    });
    this.stopping = this.stopping === null ? settled : Promise.all([this.stopping, settled]).then(() => {});
    await Promise.race([stop, exited]);
  }

  async terminate(): Promise<void> {
    if (this.removed) return;
    try {
      await this.container().kill();
    } catch (error) {
      // Gone, or not running (409): nothing left to kill.
      if (isNotFound(error) || isStateConflict(error)) return;
      throw this.fail(error, 'kill');
    }
  }

  async remove(): Promise<void> {
    this.removed = true;
    this.lifetime.abort(new ControllerStateError(this.taskId, 'wait on', 'removed'));
    for (const events of this.subscriptions) events.close();
    // A stop still tearing the container down finishes first: a forced remove would race it.
    await this.stopping;
    try {
      await this.container().remove({ force: true, v: true });
    } catch (error) {
      // Already gone, or its removal is under way (409).
      if (isNotFound(error) || isStateConflict(error)) return;
      throw this.fail(error, 'remove');
    }
  }

  health(): TaskHealth__Output {
    return this.currentHealth;
  }

  logs(options: LogFollowOptions): LogFollower {
    return followContainerLogs(this.container(), options, {
      docker: this.deps.docker,
      logger: this.logger,
      now: () => this.deps.clock.now(),
    });
  }

  // --- prepare ------------------------------------------------------------------------------------

  /** Named volumes are made with the labels the spec gives them; an existing one is used as it is. */
  private async ensureVolumes(): Promise<void> {
    for (const volume of namedVolumes(this.task)) {
      try {
        await this.deps.docker.getVolume(volume.name).inspect();
        continue;
      } catch (error) {
        if (!isNotFound(error)) throw this.fail(error, 'volume');
      }
      try {
        await this.deps.docker.createVolume({ Name: volume.name, Labels: { ...volume.labels } });
      } catch (error) {
        throw this.fail(error, 'volume');
      }
    }
  }

  /** Creates the container, pulling its image when the engine lacks it; adopts one already made. */
  private async create(options: Docker.ContainerCreateOptions): Promise<string> {
    try {
      return this.created(await this.deps.docker.createContainer(options));
    } catch (error) {
      if (isNameConflict(error)) return this.adopt();
      if (!isNoSuchImage(error)) throw this.fail(error, 'create');
    }
    const image = this.spec().image;
    this.logger.info({ image }, 'pulling image');
    try {
      await this.deps.pullImage(image);
    } catch (error) {
      throw this.fail(error, 'pull');
    }
    try {
      return this.created(await this.deps.docker.createContainer(options));
    } catch (error) {
      if (isNameConflict(error)) return this.adopt();
      throw this.fail(error, 'create');
    }
  }

  private created(container: Docker.Container): string {
    this.fresh = true;
    return container.id;
  }

  /** The name is taken: it is this task's container (made before an agent restart) or a stranger. */
  private async adopt(): Promise<string> {
    const info = await this.inspect();
    const owner = info.Config.Labels?.[COVEY_LABELS.taskId];
    if (owner !== this.taskId) {
      throw new TaskRejectedError(
        this.taskId,
        `container name ${this.name} is taken by container ${info.Id.slice(0, 12)}, which is not this task's`,
      );
    }
    this.logger.info({ containerId: info.Id }, 'adopted existing container');
    this.fresh = false;
    return info.Id;
  }

  // --- start and health ---------------------------------------------------------------------------

  /** Resolves once a running container with a healthcheck is healthy (at once without one). */
  private async untilHealthy(info: Docker.ContainerInspectInfo): Promise<void> {
    this.currentHealth = taskHealth(info.State);
    if (!hasHealthcheck(info.State)) return;
    const observed = await this.observe(
      (health) => health === TaskHealth.TASK_HEALTH_HEALTHY || health === TaskHealth.TASK_HEALTH_UNHEALTHY,
    );
    const exitCode = observed.kind === 'exited' ? observed.exit.exitCode : observed.info.State.ExitCode;
    if (observed.kind === 'exited' || !observed.info.State.Running) {
      throw new TaskStartError(this.taskId, `container exited with code ${exitCode} before it was healthy`);
    }
    if (this.currentHealth === TaskHealth.TASK_HEALTH_UNHEALTHY) await this.failUnhealthy(observed.info);
  }

  /**
   * Follows the container until it stops running or `settled` holds for its health; returns the last
   * inspect. Subscribing to its events before each look means no change falls between the two. The
   * event stream, unlike a long-polled wait, notices at once when the engine connection breaks.
   * During a shutdown that may end at `die`, the `die` itself ends it (see shutdown()): the inspect
   * after it would wait for the engine's teardown.
   */
  private async observe(
    settled: (health: TaskHealth__Output) => boolean,
  ): Promise<
    | { readonly kind: 'inspected'; readonly info: Docker.ContainerInspectInfo }
    | { readonly kind: 'exited'; readonly exit: ExitInfo }
  > {
    const events = await this.subscribe();
    try {
      for (;;) {
        const info = await this.inspect();
        this.containerId = info.Id;
        if (info.State.Running) this.pid = info.State.Pid;
        this.currentHealth = taskHealth(info.State);
        if (!info.State.Running || settled(this.currentHealth)) return { kind: 'inspected', info };
        let event: ContainerEvent;
        try {
          event = await events.next();
        } catch (error) {
          this.refuseIfRemoved('watch');
          throw this.fail(error, 'events');
        }
        if (event.action === 'die' && this.exitOnShutdown !== null) {
          const exit = exitFromDieEvent(event.attributes, info.Id, this.pid);
          this.exitOnShutdown.resolve(exit);
          return { kind: 'exited', exit };
        }
      }
    } finally {
      events.close();
      this.subscriptions.delete(events);
    }
  }

  /** Stops an unhealthy container with the task's grace, then fails the task. */
  private async failUnhealthy(info: Docker.ContainerInspectInfo): Promise<never> {
    const output = lastHealthOutput(info.State);
    this.logger.info({ output }, 'container is unhealthy; stopping it');
    await this.stop(stopGraceMs(this.task));
    throw new TaskUnhealthyError(this.taskId, output);
  }

  private async subscribe(): Promise<ContainerEvents> {
    let events: ContainerEvents;
    try {
      events = await ContainerEvents.subscribe(
        this.deps.docker,
        this.containerId ?? this.name,
        WATCHED_EVENTS,
      );
    } catch (error) {
      throw this.fail(error, 'events');
    }
    if (this.removed) {
      events.close();
      throw new ControllerStateError(this.taskId, 'watch', 'removed');
    }
    this.subscriptions.add(events);
    return events;
  }

  // --- wait ---------------------------------------------------------------------------------------

  /** Follows the container to its exit; an engine that goes away is waited for, not reported. */
  private async follow(): Promise<ExitInfo> {
    for (;;) {
      try {
        const exit = await this.followOnce();
        this.exit = exit;
        return exit;
      } catch (error) {
        const typed = this.fail(error, 'wait');
        if (this.removed) throw new ControllerStateError(this.taskId, 'wait on', 'removed');
        if (!isPassing(typed)) throw typed;
        this.logger.warn(
          { reason: typed.message },
          'lost the docker engine while following the container; retrying',
        );
        await untilEngineAnswers({
          ping: () => pingEngine(this.deps.docker, this.deps.clock, this.deps.pingTimeoutMs),
          clock: this.deps.clock,
          backoff: this.deps.reconnect,
          signal: this.lifetime.signal,
          onFailedPing: (attempt, pingError) =>
            this.logger.debug({ attempt, reason: String(pingError) }, 'docker engine still unreachable'),
        });
        this.logger.info('docker engine answers again; inspecting the container');
      }
    }
  }

  private async followOnce(): Promise<ExitInfo> {
    const observed = await this.observe((health) => health === TaskHealth.TASK_HEALTH_UNHEALTHY);
    if (observed.kind === 'exited') return observed.exit;
    const last = observed.info;
    if (last.State.Running) return this.failUnhealthy(last);
    if (!hasStarted(last.State)) {
      throw new TaskStartError(this.taskId, `container ${this.name} was created but never started`);
    }
    return exitFromInspect(last, this.pid);
  }

  // --- engine calls -------------------------------------------------------------------------------

  private async stop(graceMs: number): Promise<void> {
    try {
      await this.container().stop({ t: stopTimeoutSeconds(graceMs) });
    } catch (error) {
      // Already stopped (304) or gone: nothing to stop.
      if (isNotModified(error) || isNotFound(error)) return;
      throw this.fail(error, 'stop');
    }
  }

  private async inspect(): Promise<Docker.ContainerInspectInfo> {
    try {
      return await this.container().inspect();
    } catch (error) {
      throw this.fail(error, 'inspect');
    }
  }

  /** The container by ID once known, else by name (which the engine resolves the same way). */
  private container(): Docker.Container {
    return this.deps.docker.getContainer(this.containerId ?? this.name);
  }

  private spec(): ContainerSpec__Output {
    return containerSpecOf(this.task);
  }

  private fail(error: unknown, operation: EngineOperation): ExecutorError {
    return executorError(error, {
      taskId: this.taskId,
      operation,
      container: this.name,
      image: this.task.spec?.container?.image ?? '',
      engine: this.deps.engine,
      hostPorts: safeHostPorts(this.task),
    });
  }

  private refuseIfRemoved(operation: string): void {
    if (this.removed) throw new ControllerStateError(this.taskId, operation, 'removed');
  }
}

/** The requested host ports, or none when the endpoint is one the config would refuse anyway. */
function safeHostPorts(task: Task__Output): number[] {
  try {
    return requestedHostPorts(task);
  } catch {
    return [];
  }
}

/** A promise with its resolve, for an outcome another code path settles. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
