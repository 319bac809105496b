// The pure mapping from a task (its ContainerSpec, resources and endpoint) to the engine's container
// create request, and the few facts about that request the controller needs (volumes, health, ports).
import type Docker from 'dockerode';
import type { ContainerSpec__Output } from '../../../proto/gen/covey/v1/ContainerSpec.ts';
import type { HealthConfig__Output } from '../../../proto/gen/covey/v1/HealthConfig.ts';
import { MountType } from '../../../proto/gen/covey/v1/MountType.ts';
import type { Mount__Output } from '../../../proto/gen/covey/v1/Mount.ts';
import type { PortConfig__Output } from '../../../proto/gen/covey/v1/PortConfig.ts';
import { PortProtocol } from '../../../proto/gen/covey/v1/PortProtocol.ts';
import { PublishMode } from '../../../proto/gen/covey/v1/PublishMode.ts';
import type { Task__Output } from '../../../proto/gen/covey/v1/Task.ts';
import type { Duration__Output } from '../../../proto/gen/google/protobuf/Duration.ts';
import { stopGraceMs } from '../../worker/stop-grace.ts';
import { TaskRejectedError } from '../errors.ts';
import { containerName, coveyLabels } from './container-identity.ts';
import { apiVersionAtLeast, START_INTERVAL_MIN_API } from './engine-api-version.ts';

export interface ContainerConfigContext {
  /** The node the agent runs as; labels and global-service names carry it. */
  readonly nodeId: string;
  /** The engine's API version (`1.41`): fields it does not know are left out. */
  readonly apiVersion: string;
}

/** A request body the engine accepts; dockerode's typings cover only part of it. */
export type ContainerCreateOptions = Docker.ContainerCreateOptions & { name: string; Image: string };

/**
 * Whether the task's container runs a healthcheck: `inherit` follows the image's HEALTHCHECK (none
 * in the spec, or an empty test), `disabled` is ["NONE"], `configured` is the spec's own test.
 */
export type HealthcheckMode = 'inherit' | 'disabled' | 'configured';

/** A named volume the task mounts, created (with these labels) when the engine lacks it. */
export interface NamedVolume {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
}

const PROTOCOLS: Readonly<Record<number, string>> = {
  [PortProtocol.PORT_PROTOCOL_TCP]: 'tcp',
  [PortProtocol.PORT_PROTOCOL_UDP]: 'udp',
  [PortProtocol.PORT_PROTOCOL_SCTP]: 'sctp',
};

/** The task's container spec; a task without one cannot run on Docker. */
export function containerSpecOf(task: Task__Output): ContainerSpec__Output {
  const spec = task.spec?.container;
  if (spec === null || spec === undefined) {
    throw new TaskRejectedError(task.id, 'the task has no container spec: the docker runtime cannot run it');
  }
  if (spec.image === '') throw new TaskRejectedError(task.id, 'the container spec names no image');
  return spec;
}

export function containerCreateOptions(
  task: Task__Output,
  context: ContainerConfigContext,
): ContainerCreateOptions {
  const spec = containerSpecOf(task);
  const limits = task.spec?.resources?.limits;
  const reservations = task.spec?.resources?.reservations;
  const ports = publishedPorts(task);
  const options: ContainerCreateOptions = {
    name: containerName(task, context.nodeId),
    Image: spec.image,
    // covey's labels are spread last so a spec cannot disguise a container as another task's.
    Labels: { ...spec.labels, ...coveyLabels(task, context.nodeId) },
    Env: [...spec.env],
    StopTimeout: stopTimeoutSeconds(stopGraceMs(task)),
    HostConfig: {
      ReadonlyRootfs: spec.readOnly,
      Mounts: spec.mounts.map((mount) => engineMount(task.id, mount)),
      ...(limits?.nanoCpus ? { NanoCpus: limits.nanoCpus } : {}),
      ...(limits?.memoryBytes ? { Memory: limits.memoryBytes } : {}),
      ...(reservations?.memoryBytes ? { MemoryReservation: reservations.memoryBytes } : {}),
      ...(ports.length > 0 ? { PortBindings: portBindings(ports) } : {}),
    },
  };
  if (spec.entrypoint.length > 0) options.Entrypoint = [...spec.entrypoint];
  if (spec.args.length > 0) options.Cmd = [...spec.args];
  if (spec.hostname !== '') options.Hostname = spec.hostname;
  if (spec.workdir !== '') options.WorkingDir = spec.workdir;
  if (spec.user !== '') options.User = spec.user;
  if (spec.stopSignal !== '') options.StopSignal = spec.stopSignal;
  if (ports.length > 0) options.ExposedPorts = exposedPorts(ports);
  if (spec.healthcheck !== null)
    options.Healthcheck = engineHealthcheck(spec.healthcheck, context.apiVersion);
  return options;
}

/** `docker stop -t`: whole seconds, rounded up so a 1.5 s grace is not cut to 1 s. */
export function stopTimeoutSeconds(graceMs: number): number {
  return Math.max(0, Math.ceil(graceMs / 1000));
}

export function healthcheckMode(spec: ContainerSpec__Output): HealthcheckMode {
  const test = spec.healthcheck?.test ?? [];
  if (test.length === 0) return 'inherit';
  return test[0] === 'NONE' ? 'disabled' : 'configured';
}

/** The named volumes the task mounts (anonymous ones are made by the engine with the container). */
export function namedVolumes(task: Task__Output): NamedVolume[] {
  const mounts = task.spec?.container?.mounts ?? [];
  return mounts
    .filter((mount) => mount.type === MountType.MOUNT_TYPE_VOLUME && mount.source !== '')
    .map((mount) => ({ name: mount.source, labels: { ...mount.volumeOptions?.labels } }));
}

/** The host ports the task asks for by number (0, an engine-chosen port, is never taken). */
export function requestedHostPorts(task: Task__Output): number[] {
  return publishedPorts(task)
    .map((port) => port.publishedPort)
    .filter((port) => port > 0);
}

/** The endpoint's ports as published (the spec's when the manager has not filled them in). */
function publishedPorts(task: Task__Output): PortConfig__Output[] {
  const endpoint = task.endpoint;
  if (endpoint === null) return [];
  const ports = endpoint.ports.length > 0 ? endpoint.ports : (endpoint.spec?.ports ?? []);
  for (const port of ports) {
    if (port.publishMode !== PublishMode.PUBLISH_MODE_HOST) {
      throw new TaskRejectedError(
        task.id,
        `port ${port.targetPort} asks for ingress publishing: covey has no routing mesh, publish it in host mode`,
      );
    }
    if (!(port.targetPort >= 1 && port.targetPort <= 65_535)) {
      throw new TaskRejectedError(task.id, `bad target port ${port.targetPort}`);
    }
  }
  return ports;
}

function portKey(port: PortConfig__Output): string {
  return `${port.targetPort}/${PROTOCOLS[port.protocol] ?? 'tcp'}`;
}

function exposedPorts(ports: readonly PortConfig__Output[]): Record<string, Record<string, never>> {
  const exposed: Record<string, Record<string, never>> = {};
  for (const port of ports) exposed[portKey(port)] = {};
  return exposed;
}

/** One binding per published port; several published ports may map to one target. */
function portBindings(
  ports: readonly PortConfig__Output[],
): Record<string, { HostIp: string; HostPort: string }[]> {
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const port of ports) {
    const key = portKey(port);
    const list = bindings[key] ?? [];
    // An empty HostPort lets the engine pick a free port.
    list.push({ HostIp: '', HostPort: port.publishedPort > 0 ? String(port.publishedPort) : '' });
    bindings[key] = list;
  }
  return bindings;
}

/** The engine's mount for one spec mount; paths the engine would misread are refused here. */
function engineMount(taskId: string, mount: Mount__Output): Docker.MountSettings {
  if (!mount.target.startsWith('/')) {
    throw new TaskRejectedError(
      taskId,
      `bad mount target ${JSON.stringify(mount.target)}: not an absolute path`,
    );
  }
  switch (mount.type) {
    case MountType.MOUNT_TYPE_BIND:
      if (!mount.source.startsWith('/')) {
        throw new TaskRejectedError(
          taskId,
          `bad mount source ${JSON.stringify(mount.source)}: a bind mount needs an absolute host path`,
        );
      }
      return { Type: 'bind', Source: mount.source, Target: mount.target, ReadOnly: mount.readOnly };
    case MountType.MOUNT_TYPE_VOLUME: {
      const options = mount.volumeOptions;
      const settings: Docker.MountSettings = {
        Type: 'volume',
        Source: mount.source,
        Target: mount.target,
        ReadOnly: mount.readOnly,
      };
      if (options !== null) {
        // dockerode's typings demand a driver config the engine does not.
        settings.VolumeOptions = {
          NoCopy: options.noCopy,
          Labels: { ...options.labels },
        } as NonNullable<Docker.MountSettings['VolumeOptions']>;
      }
      return settings;
    }
    case MountType.MOUNT_TYPE_TMPFS: {
      if (mount.source !== '') {
        throw new TaskRejectedError(
          taskId,
          `bad mount source ${JSON.stringify(mount.source)}: a tmpfs has none`,
        );
      }
      const settings: Docker.MountSettings = {
        Type: 'tmpfs',
        Source: '',
        Target: mount.target,
        ReadOnly: mount.readOnly,
      };
      const options = mount.tmpfsOptions;
      if (options !== null && (options.sizeBytes > 0 || options.mode > 0)) {
        settings.TmpfsOptions = { SizeBytes: options.sizeBytes, Mode: options.mode };
      }
      return settings;
    }
    default:
      throw new TaskRejectedError(taskId, `unknown mount type ${String(mount.type)}`);
  }
}

function engineHealthcheck(health: HealthConfig__Output, apiVersion: string): Docker.HealthConfig {
  const config: Docker.HealthConfig = { Test: [...health.test] };
  const interval = nanoseconds(health.interval);
  const timeout = nanoseconds(health.timeout);
  const startPeriod = nanoseconds(health.startPeriod);
  const startInterval = nanoseconds(health.startInterval);
  // 0 (absent) leaves each to the image's value, else the engine's default.
  if (interval > 0) config.Interval = interval;
  if (timeout > 0) config.Timeout = timeout;
  if (startPeriod > 0) config.StartPeriod = startPeriod;
  if (health.retries > 0) config.Retries = health.retries;
  if (startInterval > 0 && apiVersionAtLeast(apiVersion, START_INTERVAL_MIN_API))
    config.StartInterval = startInterval;
  return config;
}

function nanoseconds(duration: Duration__Output | null): number {
  if (duration === null) return 0;
  return duration.seconds * 1e9 + duration.nanos;
}
