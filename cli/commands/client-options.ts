// Which managers the client commands talk to and with which certificate: --host / COVEY_HOST
// (comma-separated managers) and --cert-dir / COVEY_CERT_DIR (ca.pem, cert.pem, key.pem).
import type { Command } from 'commander';
import { readClientBundle } from '../../pki/client-bundle.ts';
import { BundleError } from '../../pki/errors.ts';
import { ControlClient } from '../control-client.ts';
import { UsageError } from '../usage-error.ts';
import { ControlCallError, isServiceError } from './control-call-error.ts';
import { readKnownManagers, rememberManagers } from './known-managers.ts';

export const DEFAULT_HOST = '127.0.0.1:4240';

export interface ClientTarget {
  readonly hosts: readonly string[];
  readonly certDir: string;
}

/** Adds the global options to the root command. */
export function addClientOptions(program: Command): Command {
  return program
    .option(
      '--host <addrs>',
      `manager(s) to talk to, comma-separated (env COVEY_HOST, default ${DEFAULT_HOST})`,
    )
    .option(
      '--cert-dir <dir>',
      'client certificate directory: ca.pem cert.pem key.pem, e.g. <data-dir>/client (env COVEY_CERT_DIR)',
    );
}

/** The target from a command's (global) options, falling back to the environment. */
export function clientTarget(command: Command, env: NodeJS.ProcessEnv = process.env): ClientTarget {
  const opts = command.optsWithGlobals<{ host?: string; certDir?: string }>();
  const hosts = (opts.host ?? env.COVEY_HOST ?? DEFAULT_HOST)
    .split(',')
    .map((h) => h.trim())
    .filter((h) => h !== '');
  if (hosts.length === 0) throw new UsageError('--host is empty: give host:port of a manager');
  const certDir = opts.certDir ?? env.COVEY_CERT_DIR;
  if (!certDir)
    throw new UsageError('no client certificate: pass --cert-dir <data-dir>/client or set COVEY_CERT_DIR');
  return { hosts, certDir };
}

/**
 * Runs `work` with a client for the command's target and closes it after; a failed call comes out
 * as ControlCallError, carrying the target for the error message.
 */
export async function withControlClient<T>(
  command: Command,
  work: (client: ControlClient, target: ClientTarget) => Promise<T>,
): Promise<T> {
  const target = clientTarget(command);
  const bundle = await readClientBundle(target.certDir, { now: new Date() }).catch((cause: unknown) => {
    if (cause instanceof BundleError)
      throw new UsageError(`${cause.message} (check --cert-dir / COVEY_CERT_DIR)`, { cause });
    throw cause;
  });
  // Managers learned on earlier runs are tried after --host, so a dead host is not the end.
  const client = new ControlClient(target.hosts, bundle, undefined, await readKnownManagers(target.certDir));
  try {
    const result = await work(client, target);
    await rememberManagers(target.certDir, client).catch(() => false);
    return result;
  } catch (err) {
    if (isServiceError(err))
      throw new ControlCallError(err.code, err.details, target.hosts, target.certDir, { cause: err });
    throw err;
  } finally {
    client.close();
  }
}
