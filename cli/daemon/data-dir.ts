// A daemon's data directory: FORMAT (the layout version), raft/ (WAL, snapshots, members.json),
// certs/ (this node's key and certificate, the cluster CA), agent/ (what the agent remembers),
// client/ (the admin bundle, written by --init). A directory of an unknown format is refused.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../usage-error.ts';

export const DATA_FORMAT = 'covey-data 1';
export const FORMAT_FILE = 'FORMAT';

export interface DataDir {
  readonly root: string;
  readonly raft: string;
  readonly certs: string;
  readonly agent: string;
  readonly client: string;
}

export function dataDirLayout(root: string): DataDir {
  return {
    root,
    raft: join(root, 'raft'),
    certs: join(root, 'certs'),
    agent: join(root, 'agent'),
    client: join(root, 'client'),
  };
}

export type DataDirState = 'absent' | 'empty' | 'initialised';

/** What is at `root`: nothing, an empty directory, or a covey data dir of the known format. */
export async function inspectDataDir(root: string): Promise<DataDirState> {
  let entries: string[];
  try {
    entries = await readdir(root);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    throw new UsageError(`cannot read the data dir ${root}: ${(err as Error).message}`);
  }
  if (entries.length === 0) return 'empty';
  let format: string;
  try {
    format = (await readFile(join(root, FORMAT_FILE), 'utf8')).trim();
  } catch {
    throw new UsageError(
      `${root} is not empty and holds no ${FORMAT_FILE} file: it is not a covey data dir (choose an empty or new directory)`,
    );
  }
  if (format !== DATA_FORMAT) {
    throw new UsageError(
      `${join(root, FORMAT_FILE)} says "${format}"; this covey reads "${DATA_FORMAT}" only (was it written by another version?)`,
    );
  }
  return 'initialised';
}

/** Creates the layout; FORMAT is written last, by markInitialised, once the node has its identity. */
export async function createDataDir(root: string): Promise<DataDir> {
  const d = dataDirLayout(root);
  await mkdir(root, { recursive: true, mode: 0o700 });
  for (const sub of [d.raft, d.certs, d.agent]) await mkdir(sub, { recursive: true, mode: 0o700 });
  return d;
}

export async function markInitialised(d: DataDir): Promise<void> {
  await writeFile(join(d.root, FORMAT_FILE), `${DATA_FORMAT}\n`);
}
