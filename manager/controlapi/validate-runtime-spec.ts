// What a task runs: the container (image reference, env, mounts, user, signal, healthcheck) or the
// process (program, args, env) of a TaskSpec, with the bounds specs.proto states on each field.
import type { ContainerSpec } from '../../proto/gen/covey/v1/ContainerSpec.ts';
import type { HealthConfig } from '../../proto/gen/covey/v1/HealthConfig.ts';
import type { Mount } from '../../proto/gen/covey/v1/Mount.ts';
import { MountType } from '../../proto/gen/covey/v1/MountType.ts';
import type { ProcessSpec } from '../../proto/gen/covey/v1/ProcessSpec.ts';
import { at, checkCount, checkDuration, checkEnum, checkInt, checkMaxBytes, MS } from './field-checks.ts';
import { checkLabels } from './validate-annotations.ts';
import type { SpecProblems } from './validation-error.ts';

export const MAX_IMAGE_BYTES = 512;
export const MAX_LIST_ITEMS = 1024;
export const MAX_ENV_ENTRY_BYTES = 32 * 1024;
export const MAX_MOUNTS = 64;
export const MAX_COMMAND_BYTES = 4 * 1024;

// Docker's reference grammar (distribution/reference): [domain[:port]/]path[:tag][@digest].
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE_RE = new RegExp(
  `^((?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*)(?::${TAG})?(?:@${DIGEST})?$`,
);
const MAX_REPOSITORY_NAME = 255;

const ENV_RE = /^[^=\s\0]+=[^\0]*$/s;
const USER_RE = /^[^:\s]+(?::[^:\s]+)?$/;
const VOLUME_NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
const HOSTNAME_RE =
  /^(?=.{1,253}$)[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;
const SIGNALS = new Set(
  'HUP INT QUIT ILL TRAP ABRT IOT BUS FPE KILL USR1 SEGV USR2 PIPE ALRM TERM STKFLT CHLD CONT STOP TSTP TTIN TTOU URG XCPU XFSZ VTALRM PROF WINCH IO POLL PWR SYS RTMIN RTMAX'.split(
    ' ',
  ),
);

/** Why `image` is not a pullable reference, or undefined when it is one. */
export function imageReferenceProblem(image: string): string | undefined {
  const m = REFERENCE_RE.exec(image);
  if (m === null) {
    if (REFERENCE_RE.test(image.toLowerCase()))
      return `${JSON.stringify(image)}: repository name must be lowercase`;
    return `${JSON.stringify(image)} is not a valid image reference (expected [registry/]name[:tag][@digest])`;
  }
  if ((m[1]?.length ?? 0) > MAX_REPOSITORY_NAME)
    return `repository name longer than ${MAX_REPOSITORY_NAME} characters`;
  return undefined;
}

/** Docker's ParseSignal accepts `SIGTERM`, `term` and `15` alike, and RTMIN+n / RTMAX-n. */
export function isKnownSignal(s: string): boolean {
  if (/^\d+$/.test(s)) return Number(s) >= 1 && Number(s) <= 64;
  const name = s.toUpperCase().replace(/^SIG/, '');
  const rt = /^(RTMIN\+|RTMAX-)(\d+)$/.exec(name);
  if (rt !== null) return Number(rt[2]) <= 30;
  return SIGNALS.has(name);
}

function checkEnv(p: SpecProblems, field: string, env: readonly string[] | undefined): void {
  checkCount(p, field, env, MAX_LIST_ITEMS);
  env?.forEach((entry, i) => {
    if (!ENV_RE.test(entry)) {
      p.add(
        at(field, i),
        `${JSON.stringify(entry.slice(0, 64))} must be NAME=VALUE (non-empty name without spaces)`,
      );
    } else checkMaxBytes(p, at(field, i), entry, MAX_ENV_ENTRY_BYTES);
  });
}

function checkArgs(p: SpecProblems, field: string, args: readonly string[] | undefined): void {
  checkCount(p, field, args, MAX_LIST_ITEMS);
  args?.forEach((a, i) => {
    if (a.includes('\0')) p.add(at(field, i), 'must not contain NUL bytes');
  });
}

function checkAbsolutePath(p: SpecProblems, field: string, path: string | undefined): void {
  if (path !== undefined && path !== '' && !path.startsWith('/')) {
    p.add(field, `${JSON.stringify(path)} must be an absolute path`);
  }
}

function checkSignal(p: SpecProblems, field: string, s: string | undefined): void {
  if (s !== undefined && s !== '' && !isKnownSignal(s)) {
    p.add(field, `unknown signal ${JSON.stringify(s)} (e.g. SIGTERM, SIGINT or 15)`);
  }
}

function checkUser(p: SpecProblems, field: string, user: string | undefined): void {
  if (user !== undefined && user !== '' && !USER_RE.test(user)) {
    p.add(field, `${JSON.stringify(user)} must be user, user:group, uid or uid:gid`);
  }
}

/** `process` tasks have no image to inherit a check from, so only CMD and CMD-SHELL apply. */
export function checkHealthcheck(
  p: SpecProblems,
  field: string,
  h: HealthConfig | null | undefined,
  forProcess: boolean,
): void {
  if (h === null || h === undefined) return;
  const test = h.test ?? [];
  const kind = test[0];
  if (test.length > MAX_LIST_ITEMS) checkCount(p, `${field}.test`, test, MAX_LIST_ITEMS);
  else if (kind === undefined) {
    if (forProcess)
      p.add(`${field}.test`, 'required for a process task (["CMD", ...] or ["CMD-SHELL", "command"])');
  } else if (kind === 'NONE') {
    if (test.length !== 1) p.add(`${field}.test`, '["NONE"] takes no arguments');
    else if (forProcess)
      p.add(`${field}.test`, 'a process task has no image check to disable; omit healthcheck');
  } else if (kind === 'CMD') {
    if (test.length < 2) p.add(`${field}.test`, '["CMD", ...] needs a command after "CMD"');
  } else if (kind === 'CMD-SHELL') {
    if (test.length !== 2 || test[1] === '')
      p.add(`${field}.test`, '["CMD-SHELL", "command"] takes exactly one command string');
  } else {
    p.add(`${field}.test[0]`, `${JSON.stringify(kind)} must be NONE, CMD or CMD-SHELL`);
  }
  checkDuration(p, `${field}.interval`, h.interval, MS);
  checkDuration(p, `${field}.timeout`, h.timeout, MS);
  checkDuration(p, `${field}.startPeriod`, h.startPeriod, 0);
  checkDuration(p, `${field}.startInterval`, h.startInterval, MS);
  checkInt(p, `${field}.retries`, h.retries, 0);
}

function checkMount(p: SpecProblems, field: string, m: Mount): void {
  const type = checkEnum(p, `${field}.type`, m.type, MountType);
  const source = m.source ?? '';
  const target = m.target ?? '';
  if (target === '') p.add(`${field}.target`, 'required');
  else if (!target.startsWith('/'))
    p.add(`${field}.target`, `${JSON.stringify(target)} must be an absolute path`);
  else if (target.replace(/\/+$/, '') === '')
    p.add(`${field}.target`, 'cannot mount over the container root "/"');
  if (type === MountType.MOUNT_TYPE_BIND) {
    if (source === '') p.add(`${field}.source`, 'required for a bind mount (absolute host path)');
    else if (!source.startsWith('/'))
      p.add(`${field}.source`, `bind source ${JSON.stringify(source)} must be an absolute host path`);
  } else if (type === MountType.MOUNT_TYPE_VOLUME) {
    if (source !== '' && !VOLUME_NAME_RE.test(source)) {
      p.add(
        `${field}.source`,
        `volume name ${JSON.stringify(source)} must be letters, digits, '_', '.' or '-', starting with a letter or digit`,
      );
    }
  } else if (type === MountType.MOUNT_TYPE_TMPFS && source !== '') {
    p.add(`${field}.source`, 'must be empty for a tmpfs mount');
  }
  if (m.volumeOptions !== null && m.volumeOptions !== undefined) {
    if (type !== MountType.MOUNT_TYPE_VOLUME)
      p.add(`${field}.volumeOptions`, 'only allowed with type MOUNT_TYPE_VOLUME');
    checkLabels(p, `${field}.volumeOptions.labels`, m.volumeOptions.labels);
  }
  if (m.tmpfsOptions !== null && m.tmpfsOptions !== undefined) {
    if (type !== MountType.MOUNT_TYPE_TMPFS)
      p.add(`${field}.tmpfsOptions`, 'only allowed with type MOUNT_TYPE_TMPFS');
    checkInt(p, `${field}.tmpfsOptions.sizeBytes`, m.tmpfsOptions.sizeBytes, 0);
    checkInt(p, `${field}.tmpfsOptions.mode`, m.tmpfsOptions.mode, 0, 0o7777);
  }
}

function checkMounts(p: SpecProblems, field: string, mounts: readonly Mount[] | undefined): void {
  if (mounts === undefined) return;
  checkCount(p, field, mounts, MAX_MOUNTS);
  const targets = new Map<string, number>();
  mounts.forEach((m, i) => {
    checkMount(p, at(field, i), m);
    const target = (m.target ?? '').replace(/\/+$/, '');
    if (target === '') return;
    const first = targets.get(target);
    if (first !== undefined)
      p.add(
        `${at(field, i)}.target`,
        `${JSON.stringify(target)} is already the target of ${at(field, first)}`,
      );
    else targets.set(target, i);
  });
}

export function checkContainerSpec(p: SpecProblems, field: string, c: ContainerSpec): void {
  const image = c.image ?? '';
  if (image === '') p.add(`${field}.image`, 'required');
  else if (Buffer.byteLength(image) > MAX_IMAGE_BYTES)
    checkMaxBytes(p, `${field}.image`, image, MAX_IMAGE_BYTES);
  else {
    const problem = imageReferenceProblem(image);
    if (problem !== undefined) p.add(`${field}.image`, problem);
  }
  checkLabels(p, `${field}.labels`, c.labels);
  checkArgs(p, `${field}.entrypoint`, c.entrypoint);
  checkArgs(p, `${field}.args`, c.args);
  if (c.hostname !== undefined && c.hostname !== '' && !HOSTNAME_RE.test(c.hostname)) {
    p.add(`${field}.hostname`, `${JSON.stringify(c.hostname)} is not a valid hostname (RFC 1123)`);
  }
  checkEnv(p, `${field}.env`, c.env);
  checkAbsolutePath(p, `${field}.workdir`, c.workdir);
  checkUser(p, `${field}.user`, c.user);
  checkMounts(p, `${field}.mounts`, c.mounts);
  checkSignal(p, `${field}.stopSignal`, c.stopSignal);
  checkDuration(p, `${field}.stopGracePeriod`, c.stopGracePeriod, 0);
  checkHealthcheck(p, `${field}.healthcheck`, c.healthcheck, false);
}

export function checkProcessSpec(p: SpecProblems, field: string, s: ProcessSpec): void {
  const command = s.command ?? '';
  if (command.trim() === '') p.add(`${field}.command`, 'required (program path or name in PATH)');
  else if (command.includes('\0')) p.add(`${field}.command`, 'must not contain NUL bytes');
  else checkMaxBytes(p, `${field}.command`, command, MAX_COMMAND_BYTES);
  checkArgs(p, `${field}.args`, s.args);
  checkEnv(p, `${field}.env`, s.env);
  checkAbsolutePath(p, `${field}.workdir`, s.workdir);
  checkUser(p, `${field}.user`, s.user);
  checkSignal(p, `${field}.stopSignal`, s.stopSignal);
  checkDuration(p, `${field}.stopGracePeriod`, s.stopGracePeriod, 0);
  checkHealthcheck(p, `${field}.healthcheck`, s.healthcheck, true);
}
