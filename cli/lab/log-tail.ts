// The last lines of a daemon's log file, to show why it did not come up without making the
// operator open it.
import { open } from 'node:fs/promises';

const MAX_BYTES = 16 * 1024;

/** Up to `lines` last lines of the file; '' when it is missing or empty. */
export async function readLogTail(path: string, lines = 15): Promise<string> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch {
    return '';
  }
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, MAX_BYTES);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    const all = buffer.toString('utf8').trimEnd().split('\n');
    // A cut first line (we started mid-line) is dropped unless it is all there is.
    const whole = length < size && all.length > 1 ? all.slice(1) : all;
    return whole.slice(-lines).join('\n');
  } finally {
    await handle.close();
  }
}
