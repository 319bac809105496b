// Replaces a file's content in one step (write a sibling, fsync, rename), so a reader — or an agent
// killed midway — sees the old content or the new, never a torn mix.
import { open, rename, rm } from 'node:fs/promises';

let sequence = 0;

export async function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o644): Promise<void> {
  const temporary = `${path}.${process.pid}.${sequence++}.tmp`;
  const handle = await open(temporary, 'w', mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
