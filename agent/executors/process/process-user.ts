// Who a task runs as: `spec.user` (`name`, `uid`, `name:group`, `uid:gid`) resolved through the
// host's /etc/passwd and /etc/group, with the same leniency as Docker (a numeric id need not exist).
import { readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { UnknownUserError } from './process-errors.ts';

export interface PasswdEntry {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
  readonly home: string;
}

export interface GroupEntry {
  readonly name: string;
  readonly gid: number;
}

export interface RunAs {
  readonly uid: number;
  readonly gid: number;
  readonly home: string;
}

/** Entries of an /etc/passwd text; malformed lines are skipped. */
export function parsePasswd(text: string): PasswdEntry[] {
  const entries: PasswdEntry[] = [];
  for (const line of text.split('\n')) {
    const fields = line.split(':');
    const [name, , uid, gid, , home] = fields;
    if (fields.length < 7 || name === undefined || name === '' || name.startsWith('#')) continue;
    const entry = { name, uid: Number(uid), gid: Number(gid), home: home ?? '/' };
    if (Number.isInteger(entry.uid) && Number.isInteger(entry.gid)) entries.push(entry);
  }
  return entries;
}

/** Entries of an /etc/group text; malformed lines are skipped. */
export function parseGroup(text: string): GroupEntry[] {
  const entries: GroupEntry[] = [];
  for (const line of text.split('\n')) {
    const fields = line.split(':');
    const [name, , gid] = fields;
    if (fields.length < 3 || name === undefined || name === '' || name.startsWith('#')) continue;
    if (/^\d+$/.test(gid ?? '')) entries.push({ name, gid: Number(gid) });
  }
  return entries;
}

const NUMERIC = /^\d+$/;

/** Resolves a spec's user against the given databases; throws UnknownUserError. */
export function resolveUser(
  spec: string,
  passwd: readonly PasswdEntry[],
  groups: readonly GroupEntry[],
): RunAs {
  const [userPart = '', groupPart, ...extra] = spec.split(':');
  if (userPart === '' || extra.length > 0 || groupPart === '') {
    throw new UnknownUserError(spec, 'expected user, user:group, uid or uid:gid');
  }
  let uid: number;
  let gid: number;
  let home = '/';
  if (NUMERIC.test(userPart)) {
    uid = Number(userPart);
    const entry = passwd.find((e) => e.uid === uid);
    gid = entry?.gid ?? 0;
    home = entry?.home ?? '/';
  } else {
    const entry = passwd.find((e) => e.name === userPart);
    if (entry === undefined) throw new UnknownUserError(spec, `no user ${userPart} in /etc/passwd`);
    ({ uid, gid, home } = entry);
  }
  if (groupPart !== undefined) {
    if (NUMERIC.test(groupPart)) gid = Number(groupPart);
    else {
      const group = groups.find((g) => g.name === groupPart);
      if (group === undefined) throw new UnknownUserError(spec, `no group ${groupPart} in /etc/group`);
      gid = group.gid;
    }
  }
  return { uid, gid, home };
}

/** Resolves a spec's user against this host's /etc/passwd and /etc/group. */
export async function lookupUser(spec: string): Promise<RunAs> {
  const [passwd, groups] = await Promise.all([
    readFile('/etc/passwd', 'utf8').catch(() => ''),
    readFile('/etc/group', 'utf8').catch(() => ''),
  ]);
  return resolveUser(spec, parsePasswd(passwd), parseGroup(groups));
}

/**
 * The first directory on the way from `/` to `dir` (inclusive) that this user may not pass through,
 * or null when all let it through: a task's user must reach its workdir and its exit file.
 */
export async function firstUnsearchable(dir: string, runAs: RunAs): Promise<string | null> {
  if (runAs.uid === 0) return null;
  const chain: string[] = [];
  for (let current = resolve(dir); ; current = dirname(current)) {
    chain.unshift(current);
    if (dirname(current) === current) break;
  }
  for (const path of chain) {
    const info = await stat(path);
    const bits =
      info.uid === runAs.uid
        ? (info.mode >> 6) & 7
        : info.gid === runAs.gid
          ? (info.mode >> 3) & 7
          : info.mode & 7;
    if ((bits & 1) === 0) return path;
  }
  return null;
}
