// A TLS bundle on disk: `ca.pem`, `cert.pem`, `key.pem` in one directory — the CLI's admin bundle
// (`<data-dir>/client/`, or COVEY_CERT_DIR). The key is written 0600 and never exists with wider access.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { BundleError, type BundleFile, PemFormatError } from './errors.ts';
import { pemDecode } from './pem.ts';
import { BUNDLE_FILES, type CheckedTlsBundle, checkTlsBundle, type TlsBundle } from './tls-bundle.ts';

const MODES: Readonly<Record<BundleFile, number>> = { 'ca.pem': 0o644, 'cert.pem': 0o644, 'key.pem': 0o600 };

/**
 * Writes the three files (creating `dir` 0700 if needed), each atomically: a reader sees the old file
 * or the new one, never a torn one. BundleError `not-pem` (before anything is written) when a part is
 * not PEM of the right type.
 */
export async function writeClientBundle(dir: string, bundle: TlsBundle): Promise<void> {
  for (const part of ['caCert', 'cert', 'key'] as const) {
    const file = BUNDLE_FILES[part];
    try {
      pemDecode(bundle[part], part === 'key' ? 'PRIVATE KEY' : 'CERTIFICATE');
    } catch (cause) {
      if (!(cause instanceof PemFormatError)) throw cause;
      throw new BundleError('not-pem', file, join(dir, file), cause.message, { cause });
    }
  }
  await mkdir(dir, { recursive: true, mode: 0o700 });
  for (const part of ['caCert', 'cert', 'key'] as const) {
    const file = BUNDLE_FILES[part];
    await writeAtomically(join(dir, file), bundle[part], MODES[file]);
  }
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function writeAtomically(path: string, text: string, mode: number): Promise<void> {
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  // The mode applies at creation ('wx'), so the key is never readable by others, not even briefly.
  const handle = await open(temporary, 'wx', mode);
  try {
    try {
      await handle.writeFile(text);
      await handle.chmod(mode); // open() filters the mode through the umask; each file gets exactly its own
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * Reads and checks a bundle directory (see checkTlsBundle). BundleError names the file: `missing-file`,
 * `unreadable`, `not-pem`, `invalid-certificate` (untrusted, expired at `now`, ...), `invalid-key`,
 * `key-mismatch`.
 */
export async function readClientBundle(
  dir: string,
  options: { readonly now: Date },
): Promise<CheckedTlsBundle> {
  const read = async (file: BundleFile): Promise<string> => {
    const path = join(dir, file);
    try {
      return await readFile(path, 'utf8');
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new BundleError('missing-file', file, path, 'file not found', { cause });
      throw new BundleError('unreadable', file, path, `cannot read (${code ?? String(cause)})`, { cause });
    }
  };
  const caCert = await read('ca.pem');
  const cert = await read('cert.pem');
  const key = await read('key.pem');
  return checkTlsBundle({ caCert, cert, key }, { now: options.now, dir });
}
