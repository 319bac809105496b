// `covey service create` flags, named as Docker names them, turned into a ServiceSpec. Only the
// syntax is checked here; the manager validates the spec and names any bad field.
import type { Duration } from '../../proto/gen/google/protobuf/Duration.ts';
import type { HealthConfig } from '../../proto/gen/covey/v1/HealthConfig.ts';
import type { Mount } from '../../proto/gen/covey/v1/Mount.ts';
import { MountType } from '../../proto/gen/covey/v1/MountType.ts';
import type { PortConfig } from '../../proto/gen/covey/v1/PortConfig.ts';
import { PortProtocol } from '../../proto/gen/covey/v1/PortProtocol.ts';
import { PublishMode } from '../../proto/gen/covey/v1/PublishMode.ts';
import type { Resources } from '../../proto/gen/covey/v1/Resources.ts';
import { RestartCondition } from '../../proto/gen/covey/v1/RestartCondition.ts';
import type { ServiceSpec } from '../../proto/gen/covey/v1/ServiceSpec.ts';
import type { TaskSpec } from '../../proto/gen/covey/v1/TaskSpec.ts';
import { UsageError } from '../usage-error.ts';
import { parseNanoCpus } from './cpus-flag.ts';
import { parseDuration } from './duration-flag.ts';
import { FlagValueError } from './flag-value-error.ts';
import { parseMemoryBytes } from './memory-flag.ts';

/** The flags as commander hands them over: strings, repeatable flags as arrays. */
export interface ServiceCreateFlags {
  name?: string;
  replicas?: string;
  mode?: string;
  env?: string[];
  label?: string[];
  constraint?: string[];
  replicasMaxPerNode?: string;
  publish?: string[];
  mount?: string[];
  reserveCpu?: string;
  reserveMemory?: string;
  limitCpu?: string;
  limitMemory?: string;
  restartCondition?: string;
  restartDelay?: string;
  restartMaxAttempts?: string;
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
  const healthcheck = healthFromFlags(flags);
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
            ...(flags.entrypoint !== undefined ? { entrypoint: flags.entrypoint.trim().split(/\s+/) } : {}),
            mounts: (flags.mount ?? []).map(parseMount),
            ...common,
          },
        };
  const limits = resources(flags.limitCpu, flags.limitMemory, '--limit');
  const reservations = resources(flags.reserveCpu, flags.reserveMemory, '--reserve');
  if (limits || reservations)
    task.resources = { ...(limits ? { limits } : {}), ...(reservations ? { reservations } : {}) };
  const restart = restartFromFlags(flags);
  if (restart) task.restart = restart;
  const constraints = flags.constraint ?? [];
  const maxPerNode = optional(flags.replicasMaxPerNode, (v) => nonNegativeInt('--replicas-max-per-node', v));
  if (constraints.length > 0 || maxPerNode !== undefined)
    task.placement = { constraints, ...(maxPerNode !== undefined ? { maxReplicasPerNode: maxPerNode } : {}) };

  const ports = (flags.publish ?? []).map(parsePublish);
  return {
    annotations: { name: flags.name ?? '', labels: parseLabels('--label', flags.label ?? []) },
    task,
    ...(mode === 'global'
      ? { global: {} }
      : { replicated: { replicas: optional(flags.replicas, (v) => nonNegativeInt('--replicas', v)) ?? 1 } }),
    ...(ports.length > 0 ? { endpoint: { ports } } : {}),
  };
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

function healthFromFlags(flags: ServiceCreateFlags): HealthConfig | undefined {
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
  return {
    test: flags.healthCmd !== undefined ? ['CMD-SHELL', flags.healthCmd] : [],
    ...duration('interval', flags.healthInterval),
    ...duration('timeout', flags.healthTimeout),
    ...duration('startPeriod', flags.healthStartPeriod),
    ...(flags.healthRetries !== undefined
      ? { retries: nonNegativeInt('--health-retries', flags.healthRetries) }
      : {}),
  };
}

function restartFromFlags(flags: ServiceCreateFlags): TaskSpec['restart'] {
  if (
    flags.restartCondition === undefined &&
    flags.restartDelay === undefined &&
    flags.restartMaxAttempts === undefined
  )
    return undefined;
  const condition = optional(flags.restartCondition, (v) => {
    const c = RESTART_CONDITIONS[v];
    if (c === undefined) throw new FlagValueError('--restart-condition', v, 'any, on-failure or none');
    return c;
  });
  const delay = optional(flags.restartDelay, (v) => parseDuration(v, '--restart-delay'));
  const maxAttempts = optional(flags.restartMaxAttempts, (v) => nonNegativeInt('--restart-max-attempts', v));
  return {
    ...(condition !== undefined ? { condition } : {}),
    ...(delay ? { delay } : {}),
    ...(maxAttempts !== undefined ? { maxAttempts } : {}),
  };
}

function resources(
  cpu: string | undefined,
  memory: string | undefined,
  prefix: string,
): Resources | undefined {
  if (cpu === undefined && memory === undefined) return undefined;
  return {
    ...(cpu !== undefined ? { nanoCpus: parseNanoCpus(cpu, `${prefix}-cpu`) } : {}),
    ...(memory !== undefined ? { memoryBytes: parseMemoryBytes(memory, `${prefix}-memory`) } : {}),
  };
}

function oneOf<T extends string>(flag: string, value: string, choices: readonly T[]): T {
  const found = choices.find((c) => c === value);
  if (found === undefined) throw new FlagValueError(flag, value, choices.join(' or '));
  return found;
}

function optional<T>(value: string | undefined, parse: (v: string) => T): T | undefined {
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
