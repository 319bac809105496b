// The FORMAT file of a raft directory: the layout version, written last by `create` (so its presence
// means the directory is complete) and checked first by `open` (so an unknown layout is refused).
import { join } from 'node:path';
import { WalFormatError, WalNotFoundError } from './errors.ts';
import { type WalFs, writeFileAtomic } from './wal-fs.ts';

export const FORMAT_FILE = 'FORMAT';
export const FORMAT_VERSION = 'covey-raft-wal 1';

export function formatPath(dir: string): string {
  return join(dir, FORMAT_FILE);
}

export async function writeFormat(fs: WalFs, dir: string): Promise<void> {
  await writeFileAtomic(fs, formatPath(dir), Buffer.from(`${FORMAT_VERSION}\n`, 'utf8'));
}

/** Throws WalNotFoundError when there is no FORMAT file, WalFormatError when it names another layout. */
export async function checkFormat(fs: WalFs, dir: string): Promise<void> {
  const path = formatPath(dir);
  if (!(await fs.exists(path))) throw new WalNotFoundError(dir);
  const found = Buffer.from(await fs.readFile(path))
    .toString('utf8')
    .trim();
  if (found !== FORMAT_VERSION) {
    throw new WalFormatError(path, found.length > 80 ? `${found.slice(0, 80)}...` : found, FORMAT_VERSION);
  }
}
