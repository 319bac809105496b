// The file-system seam of the WAL: the few operations it needs, so tests can inject a layer that
// counts fsyncs or simulates a crash that loses everything not yet synced.
import * as fsp from 'node:fs/promises';
import { dirname } from 'node:path';

/** An open file the WAL appends to at explicit positions. */
export interface WalFile {
  /** Writes all of `data` at `position`. */
  write(data: Uint8Array, position: number): Promise<void>;
  /** Flushes data (and the size, when it grew) to stable storage. */
  datasync(): Promise<void>;
  truncate(length: number): Promise<void>;
  close(): Promise<void>;
}

export interface WalFs {
  /** Creates the directory and its parents; no error when it exists. */
  mkdir(path: string): Promise<void>;
  /** File names in a directory; [] when the directory does not exist. */
  readdir(path: string): Promise<string[]>;
  readFile(path: string): Promise<Uint8Array>;
  exists(path: string): Promise<boolean>;
  /** Opens for writing: 'create' makes a new empty file (replacing any), 'existing' keeps content. */
  open(path: string, mode: 'create' | 'existing'): Promise<WalFile>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  /** Removes a directory tree; no error when it does not exist. */
  rmrf(path: string): Promise<void>;
  /** Makes creations, renames and unlinks inside `dir` durable. */
  syncDir(dir: string): Promise<void>;
}

class NodeWalFile implements WalFile {
  constructor(private readonly fh: fsp.FileHandle) {}

  async write(data: Uint8Array, position: number): Promise<void> {
    let done = 0;
    while (done < data.byteLength) {
      const { bytesWritten } = await this.fh.write(data, done, data.byteLength - done, position + done);
      done += bytesWritten;
    }
  }

  datasync(): Promise<void> {
    return this.fh.datasync();
  }

  truncate(length: number): Promise<void> {
    return this.fh.truncate(length);
  }

  close(): Promise<void> {
    return this.fh.close();
  }
}

/** The real file system (node:fs/promises). */
export const nodeWalFs: WalFs = {
  async mkdir(path) {
    await fsp.mkdir(path, { recursive: true });
  },
  async readdir(path) {
    try {
      return await fsp.readdir(path);
    } catch (err) {
      if (isNotFound(err)) return [];
      throw err;
    }
  },
  readFile(path) {
    return fsp.readFile(path);
  },
  async exists(path) {
    try {
      await fsp.stat(path);
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  },
  async open(path, mode) {
    return new NodeWalFile(await fsp.open(path, mode === 'create' ? 'w' : 'r+'));
  },
  rename(from, to) {
    return fsp.rename(from, to);
  },
  unlink(path) {
    return fsp.unlink(path);
  },
  rmrf(path) {
    return fsp.rm(path, { recursive: true, force: true });
  },
  async syncDir(dir) {
    const fh = await fsp.open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  },
};

/** Writes a small file atomically: tmp, fsync, rename, fsync of the directory. */
export async function writeFileAtomic(fs: WalFs, path: string, data: Uint8Array): Promise<void> {
  const tmp = `${path}.tmp`;
  const f = await fs.open(tmp, 'create');
  try {
    await f.write(data, 0);
    await f.datasync();
  } finally {
    await f.close();
  }
  await fs.rename(tmp, path);
  await fs.syncDir(dirname(path));
}

function isNotFound(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'ENOENT';
}
