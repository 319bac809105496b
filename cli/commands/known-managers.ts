// The managers the CLI has learned from the cluster, kept beside the client certificate in
// `<cert-dir>/managers.json`: further addresses to try once every --host is unreachable (a manager
// replaced since the operator wrote COVEY_HOST). Best effort: a missing or damaged file is no list.
import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ControlClient } from '../control-client.ts';
import type { Node__Output } from '../../proto/gen/covey/v1/Node.ts';
import { NodeRole } from '../../proto/gen/covey/v1/NodeRole.ts';
import { listAllNodes } from './list-all.ts';

export const KNOWN_MANAGERS_FILE = 'managers.json';
/** The list is refreshed (one ListNodes call) at most this often. */
export const KNOWN_MANAGERS_REFRESH_MS = 60_000;

interface KnownManagersFile {
  readonly managers: readonly string[];
}

function isKnownManagersFile(v: unknown): v is KnownManagersFile {
  if (typeof v !== 'object' || v === null) return false;
  const managers = (v as { managers?: unknown }).managers;
  return Array.isArray(managers) && managers.every((m) => typeof m === 'string' && m !== '');
}

/** The remembered addresses; none when the file is missing or not ours. */
export async function readKnownManagers(certDir: string): Promise<string[]> {
  try {
    const parsed: unknown = JSON.parse(await readFile(join(certDir, KNOWN_MANAGERS_FILE), 'utf8'));
    return isKnownManagersFile(parsed) ? [...parsed.managers] : [];
  } catch {
    return [];
  }
}

/** The addresses of the managers among `nodes`, sorted. */
export function managerAddresses(nodes: readonly Node__Output[]): string[] {
  const addrs = nodes
    .filter((n) => n.role === NodeRole.NODE_ROLE_MANAGER)
    .map((n) => n.managerStatus?.addr ?? '')
    .filter((a) => a !== '');
  return [...new Set(addrs)].sort();
}

/**
 * Asks the cluster for its managers and keeps their addresses, unless the file is younger than
 * KNOWN_MANAGERS_REFRESH_MS. Written whole (temp file, then rename) so a reader never sees half.
 * Returns whether it wrote.
 */
export async function rememberManagers(
  certDir: string,
  client: ControlClient,
  nowMs: number = Date.now(),
): Promise<boolean> {
  const path = join(certDir, KNOWN_MANAGERS_FILE);
  const written = await stat(path).then(
    (s) => s.mtimeMs,
    () => undefined,
  );
  if (written !== undefined && nowMs - written < KNOWN_MANAGERS_REFRESH_MS) return false;
  const managers = managerAddresses(await listAllNodes(client, { roles: [NodeRole.NODE_ROLE_MANAGER] }));
  if (managers.length === 0) return false;
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify({ managers } satisfies KnownManagersFile)}\n`, { mode: 0o600 });
  await rename(temp, path);
  return true;
}
