// `covey service update` flags applied to the service's current spec: the whole new spec to send
// (UpdateService replaces the spec, it takes no patch). Pure; removals apply before additions, as
// Docker does, and a flag not given leaves its field as it was.
import type { Duration__Output } from '../../proto/gen/google/protobuf/Duration.ts';
import type { ContainerSpec__Output } from '../../proto/gen/covey/v1/ContainerSpec.ts';
import type { PortConfig__Output } from '../../proto/gen/covey/v1/PortConfig.ts';
import type { PlacementPreference__Output } from '../../proto/gen/covey/v1/PlacementPreference.ts';
import type { ProcessSpec__Output } from '../../proto/gen/covey/v1/ProcessSpec.ts';
import type { ServiceSpec, ServiceSpec__Output } from '../../proto/gen/covey/v1/ServiceSpec.ts';
import type { TaskSpec__Output } from '../../proto/gen/covey/v1/TaskSpec.ts';
import { ShellWordsError, splitShellWords } from '../shell-words.ts';
import { UsageError } from '../usage-error.ts';
import { parseDuration } from './duration-flag.ts';
import { FlagValueError } from './flag-value-error.ts';
import {
  healthFromFlags,
  nonNegativeInt,
  oneOf,
  parseEntrypoint,
  parseLabels,
  parseMount,
  parsePlacementPref,
  parsePublish,
  resourcesFromFlags,
  restartFromFlags,
  type TaskTuningFlags,
  updateConfigFromFlags,
} from './service-flags.ts';

/** The flags of `service update` as commander hands them over. */
export interface ServiceUpdateFlags extends TaskTuningFlags {
  image?: string;
  /** --args: the new arguments as one shell-quoted string. */
  args?: string;
  force?: boolean;
  rollback?: boolean;
  envAdd?: string[];
  envRm?: string[];
  labelAdd?: string[];
  labelRm?: string[];
  constraintAdd?: string[];
  constraintRm?: string[];
  placementPrefAdd?: string[];
  placementPrefRm?: string[];
  publishAdd?: string[];
  publishRm?: string[];
  mountAdd?: string[];
  mountRm?: string[];
  /** `service create`'s list flags, accepted by update as their -add forms. */
  env?: string[];
  label?: string[];
  constraint?: string[];
  placementPref?: string[];
  publish?: string[];
  mount?: string[];
}

/** Options of the update command that do not touch the spec. */
const NOT_SPEC = new Set(['rollback', 'detach', 'quiet', 'timeout']);

/**
 * Flags given that change the spec, for refusing them next to --rollback (which restores the
 * previous spec). `--no-healthcheck` leaves `healthcheck: true` when not given.
 */
export function specFlagsGiven(flags: object): string[] {
  return Object.entries(flags)
    .filter(([key, value]) => !NOT_SPEC.has(key) && value !== undefined && !(key === 'healthcheck' && value))
    .map(([key]) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
}

/** The spec `current` becomes with `flags` applied. */
export function patchServiceSpec(current: ServiceSpec__Output, given: ServiceUpdateFlags): ServiceSpec {
  const both = (a: string[] | undefined, b: string[] | undefined) => [...(a ?? []), ...(b ?? [])];
  const flags: ServiceUpdateFlags = {
    ...given,
    envAdd: both(given.env, given.envAdd),
    labelAdd: both(given.label, given.labelAdd),
    constraintAdd: both(given.constraint, given.constraintAdd),
    placementPrefAdd: both(given.placementPref, given.placementPrefAdd),
    publishAdd: both(given.publish, given.publishAdd),
    mountAdd: both(given.mount, given.mountAdd),
  };
  const spec = structuredClone(current);
  const task: TaskSpec__Output = spec.task ?? {
    resources: null,
    restart: null,
    placement: null,
    forceUpdate: 0,
  };
  spec.task = task;

  if (flags.runtime !== undefined) switchRuntime(task, flags);
  const container = task.container ?? undefined;
  const process = task.process ?? undefined;
  if (!container && !process)
    throw new UsageError('the service has no container or process to update; recreate it');
  const run: ContainerSpec__Output | ProcessSpec__Output = (container ?? process)!;

  if (flags.image !== undefined) {
    if (flags.image.trim() === '') throw new FlagValueError('--image', flags.image, 'an image (or program)');
    if (container) container.image = flags.image;
    else if (process) process.command = flags.image;
  }
  if (flags.args !== undefined) run.args = argsWords(flags.args);
  run.env = patchEnv(run.env, flags.envRm ?? [], flags.envAdd ?? []);
  if (flags.workdir !== undefined) run.workdir = flags.workdir;
  if (flags.user !== undefined) run.user = flags.user;
  if (flags.stopSignal !== undefined) run.stopSignal = flags.stopSignal;
  if (flags.stopGracePeriod !== undefined)
    run.stopGracePeriod = parseDuration(flags.stopGracePeriod, '--stop-grace-period') as Duration__Output;
  patchHealth(run, flags, process !== undefined);

  const containerOnly: [string, boolean][] = [
    ['--entrypoint', flags.entrypoint !== undefined],
    ['--mount-add', (flags.mountAdd ?? []).length > 0],
    ['--mount-rm', (flags.mountRm ?? []).length > 0],
  ];
  if (container) {
    if (flags.entrypoint !== undefined) container.entrypoint = parseEntrypoint(flags.entrypoint);
    container.mounts = patchMounts(container.mounts, flags.mountRm ?? [], flags.mountAdd ?? []);
  } else {
    const given = containerOnly.find(([, set]) => set);
    if (given) throw new UsageError(`${given[0]} is only for containers: this service runs a process`);
  }

  const resources = resourcesFromFlags(flags, task.resources);
  if (resources) task.resources = resources as TaskSpec__Output['resources'];
  const restart = restartFromFlags(flags, task.restart);
  if (restart) task.restart = restart as TaskSpec__Output['restart'];
  patchPlacement(task, flags);
  if (flags.force) task.forceUpdate = (task.forceUpdate ?? 0) + 1;

  if (flags.replicas !== undefined) {
    if (spec.global) throw new UsageError('--replicas can only be used with replicated services');
    spec.replicated = { replicas: nonNegativeInt('--replicas', flags.replicas) };
  }
  const labels = { ...(spec.annotations?.labels ?? {}) };
  for (const key of flags.labelRm ?? []) delete labels[key];
  Object.assign(labels, parseLabels('--label-add', flags.labelAdd ?? []));
  spec.annotations = { name: spec.annotations?.name ?? '', labels };

  const updateConfig = updateConfigFromFlags(flags, 'update', spec.updateConfig);
  if (updateConfig) spec.updateConfig = updateConfig as ServiceSpec__Output['updateConfig'];
  const rollbackConfig = updateConfigFromFlags(flags, 'rollback', spec.rollbackConfig);
  if (rollbackConfig) spec.rollbackConfig = rollbackConfig as ServiceSpec__Output['rollbackConfig'];

  const ports = patchPorts(spec.endpoint?.ports ?? [], flags.publishRm ?? [], flags.publishAdd ?? []);
  spec.endpoint = ports.length > 0 || spec.endpoint ? { ports } : null;
  return spec;
}

/**
 * --runtime docker|process on an update: moves what both runtimes share (arguments, environment,
 * user, stop settings, healthcheck) and needs --image for the new image or program. A container
 * setting a process cannot have is refused rather than dropped.
 */
function switchRuntime(task: TaskSpec__Output, flags: ServiceUpdateFlags): void {
  const to = oneOf('--runtime', flags.runtime ?? '', ['docker', 'process']);
  const from = task.process ? 'process' : 'docker';
  if (to === from) return;
  if (flags.image === undefined)
    throw new UsageError(
      `--runtime ${to} needs --image: the ${to === 'process' ? 'program' : 'image'} to run`,
    );
  const run = (task.container ?? task.process)!;
  const shared = {
    args: run.args,
    env: run.env,
    workdir: run.workdir,
    user: run.user,
    stopSignal: run.stopSignal,
    stopGracePeriod: run.stopGracePeriod,
    healthcheck: run.healthcheck,
  };
  if (to === 'process') {
    const c = task.container;
    const kept = c
      ? [
          ['mounts', c.mounts.length > 0],
          ['entrypoint', c.entrypoint.length > 0],
          ['container labels', Object.keys(c.labels).length > 0],
          ['hostname', c.hostname !== ''],
          ['read-only root', c.readOnly],
        ].find(([, set]) => set)
      : undefined;
    if (kept)
      throw new UsageError(`the container has ${kept[0]}, which a process cannot have; remove them first`);
    const healthcheck = shared.healthcheck?.test[0] === 'NONE' ? null : shared.healthcheck;
    task.process = { ...shared, healthcheck, command: flags.image };
    delete task.container;
    task.runtime = 'process';
  } else {
    task.container = {
      ...shared,
      image: flags.image,
      labels: {},
      entrypoint: [],
      hostname: '',
      readOnly: false,
      mounts: [],
    };
    delete task.process;
    task.runtime = 'container';
  }
}

function patchHealth(
  run: ContainerSpec__Output | ProcessSpec__Output,
  flags: ServiceUpdateFlags,
  isProcess: boolean,
): void {
  const health = healthFromFlags(flags, run.healthcheck);
  if (health === undefined) return;
  // A process has no image check to disable: --no-healthcheck removes its own.
  if (isProcess && health.test?.[0] === 'NONE') run.healthcheck = null;
  else run.healthcheck = health as ContainerSpec__Output['healthcheck'];
}

/** --env-rm NAME drops every entry of NAME (absent: nothing to do); --env-add replaces or appends. */
export function patchEnv(
  env: readonly string[],
  remove: readonly string[],
  add: readonly string[],
): string[] {
  const nameOf = (entry: string) => (entry.includes('=') ? entry.slice(0, entry.indexOf('=')) : entry);
  const gone = new Set(remove.map(nameOf));
  const next = env.filter((e) => !gone.has(nameOf(e)));
  for (const entry of add) {
    const name = nameOf(entry);
    if (!entry.includes('=') || name === '') throw new FlagValueError('--env-add', entry, 'NAME=VALUE');
    const at = next.findIndex((e) => nameOf(e) === name);
    if (at >= 0) next[at] = entry;
    else next.push(entry);
  }
  return next;
}

function patchPlacement(task: TaskSpec__Output, flags: ServiceUpdateFlags): void {
  const placement = task.placement ?? { constraints: [], preferences: [], maxReplicasPerNode: 0 };
  const norm = (c: string) => c.replace(/\s+/g, '');
  const rmConstraints = new Set((flags.constraintRm ?? []).map(norm));
  const constraints = placement.constraints.filter((c) => !rmConstraints.has(norm(c)));
  for (const c of flags.constraintAdd ?? []) {
    if (c.trim() === '')
      throw new FlagValueError('--constraint-add', c, 'an expression like node.labels.zone==east');
    if (!constraints.some((have) => norm(have) === norm(c))) constraints.push(c.trim());
  }
  const prefKey = (p: PlacementPreference__Output) => p.spread?.spreadDescriptor ?? '';
  const rmPrefs = new Set(
    (flags.placementPrefRm ?? []).map((p) => prefKey(parsePlacementPref(p) as PlacementPreference__Output)),
  );
  const preferences = placement.preferences.filter((p) => !rmPrefs.has(prefKey(p)));
  for (const text of flags.placementPrefAdd ?? []) {
    const pref = parsePlacementPref(text) as PlacementPreference__Output;
    if (!preferences.some((p) => prefKey(p) === prefKey(pref))) preferences.push(pref);
  }
  const maxReplicasPerNode =
    flags.replicasMaxPerNode === undefined
      ? placement.maxReplicasPerNode
      : nonNegativeInt('--replicas-max-per-node', flags.replicasMaxPerNode);
  const changed =
    task.placement !== null ||
    constraints.length > 0 ||
    preferences.length > 0 ||
    maxReplicasPerNode !== placement.maxReplicasPerNode;
  if (changed) task.placement = { constraints, preferences, maxReplicasPerNode };
}

/**
 * --publish-rm TARGET[/PROTO] (or the full PUBLISHED:TARGET[/PROTO]) removes by target port, any
 * protocol unless one is named; --publish-add adds, replacing a port published on the same node
 * port and protocol (two cannot bind it).
 */
export function patchPorts(
  ports: readonly PortConfig__Output[],
  remove: readonly string[],
  add: readonly string[],
): PortConfig__Output[] {
  let next = ports.map((p) => ({ ...p }));
  for (const text of remove) {
    const m = /^(?:\d+:)?(\d+)(?:\/(\w+))?$/.exec(text.trim());
    if (!m) throw new FlagValueError('--publish-rm', text, 'TARGET[/tcp|udp|sctp], e.g. 80 or 53/udp');
    const wanted = parsePublish(`${m[1]}${m[2] ? `/${m[2]}` : ''}`);
    next = next.filter(
      (p) => !(p.targetPort === wanted.targetPort && (!m[2] || p.protocol === wanted.protocol)),
    );
  }
  for (const text of add) {
    const port = parsePublish(text) as PortConfig__Output;
    next = next.filter(
      (p) =>
        !(
          p.protocol === port.protocol &&
          (port.publishedPort !== 0
            ? p.publishedPort === port.publishedPort
            : p.publishedPort === 0 && p.targetPort === port.targetPort)
        ),
    );
    next.push({ ...port, name: '' });
  }
  return next;
}

/** --mount-rm TARGET removes the mount at that container path; --mount-add adds or replaces by target. */
function patchMounts(
  mounts: ContainerSpec__Output['mounts'],
  remove: readonly string[],
  add: readonly string[],
): ContainerSpec__Output['mounts'] {
  const norm = (p: string) => p.replace(/\/+$/, '') || '/';
  const gone = new Set(remove.map(norm));
  const next = mounts.filter((m) => !gone.has(norm(m.target)));
  for (const text of add) {
    const mount = parseMount(text) as ContainerSpec__Output['mounts'][number];
    const at = next.findIndex((m) => norm(m.target) === norm(mount.target));
    if (at >= 0) next[at] = mount;
    else next.push(mount);
  }
  return next;
}

/** `--args "sh -c 'echo hi'"`: the words of a shell-quoted string, a mistake in it a flag error. */
function argsWords(text: string): string[] {
  try {
    return splitShellWords(text);
  } catch (err) {
    if (!(err instanceof ShellWordsError)) throw err;
    const expected =
      err.problem.kind === 'unclosed-quote' ? `a closing ${err.problem.quote}` : 'no trailing backslash';
    throw new FlagValueError('--args', text, expected, { cause: err });
  }
}
