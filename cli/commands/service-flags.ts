// `covey service create` flags, named as Docker names them, turned into a ServiceSpec, and the
// pieces `service update` merges onto a current spec. Only the syntax is checked here; the manager
// validates the spec and names any bad field.
import type { Duration } from '../../proto/gen/google/protobuf/Duration.ts';
import type { HealthConfig, HealthConfig__Output } from '../../proto/gen/covey/v1/HealthConfig.ts';
import type { Mount } from '../../proto/gen/covey/v1/Mount.ts';
import { MountType } from '../../proto/gen/covey/v1/MountType.ts';
import type { PlacementPreference } from '../../proto/gen/covey/v1/PlacementPreference.ts';
import type { PortConfig } from '../../proto/gen/covey/v1/PortConfig.ts';
import { PortProtocol } from '../../proto/gen/covey/v1/PortProtocol.ts';
import { PublishMode } from '../../proto/gen/covey/v1/PublishMode.ts';
import type {
  ResourceRequirements,
  ResourceRequirements__Output,
} from '../../proto/gen/covey/v1/ResourceRequirements.ts';
import type { Resources, Resources__Output } from '../../proto/gen/covey/v1/Resources.ts';
import { RestartCondition } from '../../proto/gen/covey/v1/RestartCondition.ts';
import type { RestartPolicy, RestartPolicy__Output } from '../../proto/gen/covey/v1/RestartPolicy.ts';
import type { ServiceSpec } from '../../proto/gen/covey/v1/ServiceSpec.ts';
import type { TaskSpec } from '../../proto/gen/covey/v1/TaskSpec.ts';
import type { UpdateConfig, UpdateConfig__Output } from '../../proto/gen/covey/v1/UpdateConfig.ts';
import { UpdateFailureAction } from '../../proto/gen/covey/v1/UpdateFailureAction.ts';
import { UpdateOrder } from '../../proto/gen/covey/v1/UpdateOrder.ts';
import type { Command } from 'commander';
import { UsageError } from '../usage-error.ts';
import { parseNanoCpus } from './cpus-flag.ts';
import { parseDuration } from './duration-flag.ts';
import { FlagValueError } from './flag-value-error.ts';
import { parseMemoryBytes } from './memory-flag.ts';

/**
 * Flags `service create` and `service update` share, as commander hands them over: strings (a
 * flag not given is undefined, so an update leaves that field alone).
 */
export interface TaskTuningFlags {
  replicas?: string;
  replicasMaxPerNode?: string;
  reserveCpu?: string;
  reserveMemory?: string;
  limitCpu?: string;
  limitMemory?: string;
  restartCondition?: string;
  restartDelay?: string;
  restartMaxAttempts?: string;
  restartWindow?: string;
  stopGracePeriod?: string;
  stopSignal?: string;
  healthCmd?: string;
  healthInterval?: string;
  healthTimeout?: string;
  healthRetries?: string;
  healthStartPeriod?: string;
  /** false with --no-healthcheck. */
  healthcheck?: boolean;
  workdir?: string;
  user?: string;
  entrypoint?: string;
  runtime?: string;
  updateParallelism?: string;
  updateDelay?: string;
  updateFailureAction?: string;
  updateMonitor?: string;
  updateMaxFailureRatio?: string;
  updateOrder?: string;
  rollbackParallelism?: string;
  rollbackDelay?: string;
  rollbackFailureAction?: string;
  rollbackMonitor?: string;
  rollbackMaxFailureRatio?: string;
  rollbackOrder?: string;
}

/** `service create` flags: the shared ones plus the lists an update changes with -add/-rm. */
export interface ServiceCreateFlags extends TaskTuningFlags {
  name?: string;
  mode?: string;
  env?: string[];
  label?: string[];
  constraint?: string[];
  placementPref?: string[];
  publish?: string[];
  mount?: string[];
}

/** Commander's collector for repeatable flags. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** The commander options of TaskTuningFlags, except --runtime and the update and rollback configs. */
export function addTaskOptions(command: Command): Command {
  return command
    .option('--reserve-cpu <cpus>', 'CPUs to reserve, e.g. 0.5')
    .option('--reserve-memory <size>', 'memory to reserve, e.g. 512M')
    .option('--limit-cpu <cpus>', 'CPU limit, e.g. 1.5')
    .option('--limit-memory <size>', 'memory limit, e.g. 1G')
    .option('--restart-condition <c>', 'any, on-failure or none')
    .option('--restart-delay <duration>', 'delay between restarts, e.g. 5s')
    .option('--restart-max-attempts <n>', 'restarts allowed (0: unlimited)')
    .option('--restart-window <duration>', 'window in which --restart-max-attempts counts, e.g. 1m')
    .option('--stop-grace-period <duration>', 'time before SIGKILL, e.g. 10s')
    .option('--stop-signal <signal>', 'signal to stop the task')
    .option('--health-cmd <command>', 'command to check health (run by the shell)')
    .option('--health-interval <duration>', 'time between checks')
    .option('--health-timeout <duration>', 'maximum time a check may take')
    .option('--health-retries <n>', 'consecutive failures that make the task unhealthy')
    .option('--health-start-period <duration>', 'start period during which failures do not count')
    .option('--no-healthcheck', "disable the image's HEALTHCHECK")
    .option('--workdir <dir>', 'working directory')
    .option('-u, --user <user>', 'user[:group] to run as')
    .option('--entrypoint <command>', "override the image's ENTRYPOINT");
}

/** --update-* and --rollback-*: ServiceSpec.update_config and rollback_config. */
export function addUpdateConfigOptions(command: Command): Command {
  for (const which of ['update', 'rollback'] as const) {
    const what = which === 'update' ? 'updated' : 'rolled back';
    command
      .option(`--${which}-parallelism <n>`, `tasks ${what} at once (0: all at once; default 1)`)
      .option(`--${which}-delay <duration>`, `wait between batches (default 0s)`)
      .option(
        `--${which}-failure-action <action>`,
        which === 'update'
          ? 'pause, continue or rollback (default pause)'
          : 'pause or continue (default pause)',
      )
      .option(
        `--${which}-monitor <duration>`,
        'how long a new task must run to count as a success (default 5s)',
      )
      .option(`--${which}-max-failure-ratio <ratio>`, 'failed fraction tolerated, 0 to 1 (default 0)')
      .option(`--${which}-order <order>`, 'stop-first or start-first (default stop-first)');
  }
  return command;
}

const RESTART_CONDITIONS: Readonly<Record<string, RestartCondition>> = {
  any: RestartCondition.RESTART_CONDITION_ANY,
  'on-failure': RestartCondition.RESTART_CONDITION_ON_FAILURE,
  none: RestartCondition.RESTART_CONDITION_NONE,
};
const MOUNT_TYPES: Readonly<Record<string, MountType>> = {
  bind: MountType.MOUNT_TYPE_BIND,
  volume: MountType.MOUNT_TYPE_VOLUME,
  tmpfs: MountType.MOUNT_TYPE_TMPFS,
};
const FAILURE_ACTIONS: Readonly<Record<string, UpdateFailureAction>> = {
  pause: UpdateFailureAction.UPDATE_FAILURE_ACTION_PAUSE,
  continue: UpdateFailureAction.UPDATE_FAILURE_ACTION_CONTINUE,
  rollback: UpdateFailureAction.UPDATE_FAILURE_ACTION_ROLLBACK,
};
/** A rollback cannot itself roll back (the manager refuses it too). */
const ROLLBACK_FAILURE_ACTIONS: Readonly<Record<string, UpdateFailureAction>> = {
  pause: UpdateFailureAction.UPDATE_FAILURE_ACTION_PAUSE,
  continue: UpdateFailureAction.UPDATE_FAILURE_ACTION_CONTINUE,
};
const ORDERS: Readonly<Record<string, UpdateOrder>> = {
  'stop-first': UpdateOrder.UPDATE_ORDER_STOP_FIRST,
  'start-first': UpdateOrder.UPDATE_ORDER_START_FIRST,
};
const PROTOCOLS: Readonly<Record<string, PortProtocol>> = {
  tcp: PortProtocol.PORT_PROTOCOL_TCP,
  udp: PortProtocol.PORT_PROTOCOL_UDP,
  sctp: PortProtocol.PORT_PROTOCOL_SCTP,
};

/** `service create [flags] IMAGE [COMMAND [ARG...]]` → the spec to send. */
export function serviceSpecFromFlags(
  flags: ServiceCreateFlags,
  image: string,
  command: readonly string[],
): ServiceSpec {
  const runtime = oneOf('--runtime', flags.runtime ?? 'docker', ['docker', 'process']);
  const mode = oneOf('--mode', flags.mode ?? 'replicated', ['replicated', 'global']);
  if (mode === 'global' && flags.replicas !== undefined)
    throw new UsageError('--replicas can only be used with --mode replicated');
  if (runtime === 'process') {
    for (const [flag, set] of [
      ['--mount', (flags.mount ?? []).length > 0],
      ['--entrypoint', flags.entrypoint !== undefined],
    ] as const) {
      if (set) throw new UsageError(`${flag} is only for containers: drop it or use --runtime docker`);
    }
  }
  const env = flags.env ?? [];
  const stopGracePeriod = optional(flags.stopGracePeriod, (v) => parseDuration(v, '--stop-grace-period'));
  const healthcheck = healthFromFlags(flags, undefined);
  const common = {
    env,
    ...(flags.workdir !== undefined ? { workdir: flags.workdir } : {}),
    ...(flags.user !== undefined ? { user: flags.user } : {}),
    ...(flags.stopSignal !== undefined ? { stopSignal: flags.stopSignal } : {}),
    ...(stopGracePeriod ? { stopGracePeriod } : {}),
    ...(healthcheck ? { healthcheck } : {}),
  };
  const task: TaskSpec =
    runtime === 'process'
      ? { process: { command: image, args: [...command], ...common } }
      : {
          container: {
            image,
            args: [...command],
            ...(flags.entrypoint !== undefined ? { entrypoint: parseEntrypoint(flags.entrypoint) } : {}),
            mounts: (flags.mount ?? []).map(parseMount),
            ...common,
          },
        };
  const resources = resourcesFromFlags(flags, undefined);
  if (resources) task.resources = resources;
  const restart = restartFromFlags(flags, undefined);
  if (restart) task.restart = restart;
  const constraints = flags.constraint ?? [];
  const preferences = (flags.placementPref ?? []).map(parsePlacementPref);
  const maxPerNode = optional(flags.replicasMaxPerNode, (v) => nonNegativeInt('--replicas-max-per-node', v));
  if (constraints.length > 0 || preferences.length > 0 || maxPerNode !== undefined)
    task.placement = {
      constraints,
      ...(preferences.length > 0 ? { preferences } : {}),
      ...(maxPerNode !== undefined ? { maxReplicasPerNode: maxPerNode } : {}),
    };
  const updateConfig = updateConfigFromFlags(flags, 'update', undefined);
  const rollbackConfig = updateConfigFromFlags(flags, 'rollback', undefined);

  const ports = (flags.publish ?? []).map(parsePublish);
  return {
    annotations: { name: flags.name ?? '', labels: parseLabels('--label', flags.label ?? []) },
    task,
    ...(mode === 'global'
      ? { global: {} }
      : { replicated: { replicas: optional(flags.replicas, (v) => nonNegativeInt('--replicas', v)) ?? 1 } }),
    ...(updateConfig ? { updateConfig } : {}),
    ...(rollbackConfig ? { rollbackConfig } : {}),
    ...(ports.length > 0 ? { endpoint: { ports } } : {}),
  };
}

/** `--entrypoint "/bin/sh -c"` → its words (Docker splits it on whitespace too). */
export function parseEntrypoint(text: string): string[] {
  const words = text.trim();
  return words === '' ? [] : words.split(/\s+/);
}

/** `spread=node.labels.az` (Docker's --placement-pref; spread is the one strategy). */
export function parsePlacementPref(text: string): PlacementPreference {
  const m = /^spread=(\S+)$/.exec(text.trim());
  if (!m?.[1])
    throw new FlagValueError('--placement-pref', text, 'spread=node.labels.KEY or spread=engine.labels.KEY');
  return { spread: { spreadDescriptor: m[1] } };
}

/** `KEY=VALUE` (or `KEY`, an empty value) entries as a map. */
export function parseLabels(flag: string, entries: readonly string[]): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    const key = eq < 0 ? entry : entry.slice(0, eq);
    if (key === '') throw new FlagValueError(flag, entry, 'KEY=VALUE');
    labels[key] = eq < 0 ? '' : entry.slice(eq + 1);
  }
  return labels;
}

/** Short `published:target[/proto]` (or `target[/proto]`) or long `published=,target=,protocol=,mode=`. */
export function parsePublish(text: string): PortConfig {
  const expected = 'published:target[/tcp|udp|sctp] or published=N,target=N[,protocol=P][,mode=host]';
  if (text.includes('=')) {
    const fields = keyValues('--publish', text, expected);
    const mode = fields.get('mode') ?? 'host';
    if (mode !== 'host')
      throw new FlagValueError(
        '--publish',
        text,
        'mode=host (covey has no routing mesh, ports publish on the node)',
      );
    const target = fields.get('target');
    if (target === undefined) throw new FlagValueError('--publish', text, expected);
    const published = fields.get('published');
    return {
      targetPort: port('--publish', target),
      publishedPort: published === undefined ? 0 : port('--publish', published),
      protocol: protocol(fields.get('protocol') ?? 'tcp', text),
      publishMode: PublishMode.PUBLISH_MODE_HOST,
    };
  }
  const m = /^(?:(\d+):)?(\d+)(?:\/(\w+))?$/.exec(text.trim());
  if (!m) throw new FlagValueError('--publish', text, expected);
  return {
    targetPort: port('--publish', m[2] ?? ''),
    publishedPort: m[1] === undefined ? 0 : port('--publish', m[1]),
    protocol: protocol(m[3] ?? 'tcp', text),
    publishMode: PublishMode.PUBLISH_MODE_HOST,
  };
}

/** `type=bind|volume|tmpfs,source=,target=,readonly` (Docker's --mount; type defaults to volume). */
export function parseMount(text: string): Mount {
  const expected = 'type=bind|volume|tmpfs,source=SRC,target=DST[,readonly]';
  const fields = keyValues('--mount', text, expected);
  const type = fields.get('type') ?? 'volume';
  const mountType = MOUNT_TYPES[type];
  if (mountType === undefined) throw new FlagValueError('--mount', text, expected);
  const target = fields.get('target') ?? fields.get('dst') ?? fields.get('destination');
  if (target === undefined || target === '')
    throw new FlagValueError('--mount', text, `a target= in ${expected}`);
  const readonly = fields.get('readonly') ?? fields.get('ro');
  if (readonly !== undefined && !['', 'true', '1', 'false', '0'].includes(readonly))
    throw new FlagValueError('--mount', text, 'readonly, readonly=true or readonly=false');
  for (const key of fields.keys()) {
    if (!['type', 'source', 'src', 'target', 'dst', 'destination', 'readonly', 'ro'].includes(key))
      throw new FlagValueError(
        '--mount',
        text,
        `one of the keys type, source, target, readonly (not ${key})`,
      );
  }
  return {
    type: mountType,
    source: fields.get('source') ?? fields.get('src') ?? '',
    target,
    readOnly: readonly !== undefined && ['', 'true', '1'].includes(readonly),
  };
}

function keyValues(flag: string, text: string, expected: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const part of text.split(',')) {
    if (part.trim() === '') throw new FlagValueError(flag, text, expected);
    const eq = part.indexOf('=');
    fields.set(
      (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase(),
      eq < 0 ? '' : part.slice(eq + 1).trim(),
    );
  }
  return fields;
}

/**
 * The healthcheck after the --health-* flags, on top of `base` (the current one for an update);
 * undefined when no health flag was given.
 */
export function healthFromFlags(
  flags: TaskTuningFlags,
  base: HealthConfig__Output | null | undefined,
): HealthConfig | undefined {
  const tuning = [
    flags.healthCmd,
    flags.healthInterval,
    flags.healthTimeout,
    flags.healthRetries,
    flags.healthStartPeriod,
  ];
  if (flags.healthcheck === false) {
    if (tuning.some((v) => v !== undefined))
      throw new UsageError('--no-healthcheck conflicts with the --health-* flags: use one or the other');
    return { test: ['NONE'] };
  }
  if (tuning.every((v) => v === undefined)) return undefined;
  const duration = (flag: string, v: string | undefined): { [k: string]: Duration } | undefined =>
    v === undefined
      ? undefined
      : { [flag]: parseDuration(v, `--health-${flag.replace('startPeriod', 'start-period')}`) };
  // A disabled check tuned again inherits the image's (an empty test) unless --health-cmd says.
  const baseTest = base && base.test[0] !== 'NONE' ? base.test : [];
  return {
    ...(base ?? {}),
    test: flags.healthCmd !== undefined ? ['CMD-SHELL', flags.healthCmd] : [...baseTest],
    ...duration('interval', flags.healthInterval),
    ...duration('timeout', flags.healthTimeout),
    ...duration('startPeriod', flags.healthStartPeriod),
    ...(flags.healthRetries !== undefined
      ? { retries: nonNegativeInt('--health-retries', flags.healthRetries) }
      : {}),
  };
}

/** The restart policy after the --restart-* flags, on top of `base`; undefined when none was given. */
export function restartFromFlags(
  flags: TaskTuningFlags,
  base: RestartPolicy__Output | null | undefined,
): RestartPolicy | undefined {
  if (
    flags.restartCondition === undefined &&
    flags.restartDelay === undefined &&
    flags.restartMaxAttempts === undefined &&
    flags.restartWindow === undefined
  )
    return undefined;
  const condition = optional(flags.restartCondition, (v) => {
    const c = RESTART_CONDITIONS[v];
    if (c === undefined) throw new FlagValueError('--restart-condition', v, 'any, on-failure or none');
    return c;
  });
  const delay = optional(flags.restartDelay, (v) => parseDuration(v, '--restart-delay'));
  const maxAttempts = optional(flags.restartMaxAttempts, (v) => nonNegativeInt('--restart-max-attempts', v));
  const window = optional(flags.restartWindow, (v) => parseDuration(v, '--restart-window'));
  return {
    ...(base ?? {}),
    ...(condition !== undefined ? { condition } : {}),
    ...(delay ? { delay } : {}),
    ...(maxAttempts !== undefined ? { maxAttempts } : {}),
    ...(window ? { window } : {}),
  };
}

/**
 * Limits and reservations after the --limit and --reserve flags, on top of `base`; undefined when none was
 * given. 0 clears a value, as in Docker.
 */
export function resourcesFromFlags(
  flags: TaskTuningFlags,
  base: ResourceRequirements__Output | null | undefined,
): ResourceRequirements | undefined {
  const limits = resources(flags.limitCpu, flags.limitMemory, '--limit', base?.limits);
  const reservations = resources(flags.reserveCpu, flags.reserveMemory, '--reserve', base?.reservations);
  if (!limits && !reservations) return undefined;
  const kept = (r: Resources__Output | null | undefined) => (r ? { ...r } : undefined);
  const nextLimits = limits ?? kept(base?.limits);
  const nextReservations = reservations ?? kept(base?.reservations);
  return {
    ...(nextLimits ? { limits: nextLimits } : {}),
    ...(nextReservations ? { reservations: nextReservations } : {}),
  };
}

function resources(
  cpu: string | undefined,
  memory: string | undefined,
  prefix: string,
  base: Resources__Output | null | undefined,
): Resources | undefined {
  if (cpu === undefined && memory === undefined) return undefined;
  return {
    ...(base ?? {}),
    ...(cpu !== undefined ? { nanoCpus: parseNanoCpus(cpu, `${prefix}-cpu`) } : {}),
    ...(memory !== undefined ? { memoryBytes: parseMemoryBytes(memory, `${prefix}-memory`) } : {}),
  };
}

/**
 * ServiceSpec.update_config (`which` 'update') or rollback_config ('rollback') after the
 * --update-* / --rollback-* flags, on top of `base`; undefined when none was given. An absent
 * config means Swarm's defaults, but a present one means what it says (parallelism 0 is "all at
 * once"), so a first flag starts from parallelism 1 to keep the other defaults as they were.
 */
export function updateConfigFromFlags(
  flags: TaskTuningFlags,
  which: 'update' | 'rollback',
  base: UpdateConfig__Output | null | undefined,
): UpdateConfig | undefined {
  const v =
    which === 'update'
      ? [
          flags.updateParallelism,
          flags.updateDelay,
          flags.updateFailureAction,
          flags.updateMonitor,
          flags.updateMaxFailureRatio,
          flags.updateOrder,
        ]
      : [
          flags.rollbackParallelism,
          flags.rollbackDelay,
          flags.rollbackFailureAction,
          flags.rollbackMonitor,
          flags.rollbackMaxFailureRatio,
          flags.rollbackOrder,
        ];
  const [parallelism, delay, failureAction, monitor, maxFailureRatio, order] = v;
  if (v.every((x) => x === undefined)) return undefined;
  const flag = (name: string) => `--${which}-${name}`;
  const actions = which === 'update' ? FAILURE_ACTIONS : ROLLBACK_FAILURE_ACTIONS;
  return {
    ...(base ?? { parallelism: 1 }),
    ...(parallelism !== undefined ? { parallelism: nonNegativeInt(flag('parallelism'), parallelism) } : {}),
    ...(delay !== undefined ? { delay: parseDuration(delay, flag('delay')) } : {}),
    ...(failureAction !== undefined
      ? { failureAction: choice(flag('failure-action'), failureAction, actions) }
      : {}),
    ...(monitor !== undefined ? { monitor: parseDuration(monitor, flag('monitor')) } : {}),
    ...(maxFailureRatio !== undefined
      ? { maxFailureRatio: ratio(flag('max-failure-ratio'), maxFailureRatio) }
      : {}),
    ...(order !== undefined ? { order: choice(flag('order'), order, ORDERS) } : {}),
  };
}

function choice<T>(flag: string, value: string, choices: Readonly<Record<string, T>>): T {
  const found = choices[value];
  if (found === undefined) throw new FlagValueError(flag, value, Object.keys(choices).join(', '));
  return found;
}

function ratio(flag: string, value: string): number {
  const n = Number(value);
  if (!/^(?:\d+(?:\.\d*)?|\.\d+)$/.test(value.trim()) || n < 0 || n > 1)
    throw new FlagValueError(flag, value, 'a fraction from 0 to 1, e.g. 0.2');
  return n;
}

export function oneOf<T extends string>(flag: string, value: string, choices: readonly T[]): T {
  const found = choices.find((c) => c === value);
  if (found === undefined) throw new FlagValueError(flag, value, choices.join(' or '));
  return found;
}

export function optional<T>(value: string | undefined, parse: (v: string) => T): T | undefined {
  return value === undefined ? undefined : parse(value);
}

export function nonNegativeInt(flag: string, value: string): number {
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(Number(value)))
    throw new FlagValueError(flag, value, 'a whole number (0 or more)');
  return Number(value);
}

function port(flag: string, value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 65535)
    throw new FlagValueError(flag, value, 'a port from 1 to 65535');
  return n;
}

function protocol(value: string, text: string): PortProtocol {
  const p = PROTOCOLS[value.toLowerCase()];
  if (p === undefined) throw new FlagValueError('--publish', text, 'protocol tcp, udp or sctp');
  return p;
}
