// `covey daemon --nats auto`: runs a local `nats-server -js` (when one is installed) with its store
// under the daemon's data dir, and says clearly why when it cannot.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { connect } from 'nats';
import type { Logger } from 'pino';
import { NatsServerNotFoundError, NatsServerStartError } from './bus-errors.ts';

export interface NatsServerProcessOptions {
  /** Address to listen on (e.g. 127.0.0.1). */
  readonly host: string;
  readonly port: number;
  /** JetStream's store directory (created by the server). */
  readonly storeDir: string;
  /** A name or a path (default `nats-server`, looked up in PATH and the usual sbin/bin directories). */
  readonly binary?: string | undefined;
  /** How long the server may take to accept clients with JetStream (default 10 s). */
  readonly startTimeoutMs?: number | undefined;
  /** The server's name in its cluster and logs (default covey-nats-<random>). */
  readonly serverName?: string | undefined;
  /** The server's output goes here at debug level. */
  readonly logger?: Logger | undefined;
}

export interface NatsServerHandle {
  /** nats://host:port, for NatsBus.connect. */
  readonly url: string;
  readonly pid: number;
  /** Settles when the process has exited, whoever stopped it. */
  readonly exited: Promise<{ readonly code: number | null; readonly signal: NodeJS.Signals | null }>;
  /**
   * SIGTERM, then SIGKILL if it has not exited after `timeoutMs` (default 10 s). Says which it
   * took ('not-running' when it had already exited).
   */
  stop(timeoutMs?: number): Promise<'stopped' | 'killed' | 'not-running'>;
}

/** Where packages put nats-server when PATH (e.g. of a service manager) does not say. */
const EXTRA_DIRS = ['/usr/local/bin', '/usr/bin', '/usr/local/sbin', '/usr/sbin', '/opt/nats'];
/** Lines of the server's output kept for an error message. */
const OUTPUT_LINES = 30;

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The path of the nats-server to run, or NatsServerNotFoundError. */
export function locateNatsServer(binary = 'nats-server', path = process.env.PATH ?? ''): string {
  if (binary.includes('/')) {
    if (isExecutable(binary)) return binary;
    throw new NatsServerNotFoundError(binary, []);
  }
  const dirs = [...new Set([...path.split(delimiter).filter((d) => d !== ''), ...EXTRA_DIRS])];
  for (const dir of dirs) {
    const candidate = join(dir, binary);
    if (isExecutable(candidate)) return candidate;
  }
  throw new NatsServerNotFoundError(binary, dirs);
}

/** Whether a client gets JetStream at `url` now, from the server named `name` (not another one). */
async function answers(url: string, name: string): Promise<boolean> {
  try {
    const nc = await connect({ servers: url, timeout: 1_000, reconnect: false });
    try {
      if (nc.info?.server_name !== name) return false;
      await (await nc.jetstreamManager()).getAccountInfo();
      return true;
    } finally {
      await nc.close();
    }
  } catch {
    return false;
  }
}

/**
 * Starts the server and resolves once it accepts clients with JetStream. NatsServerNotFoundError
 * when there is no binary; NatsServerStartError when it exits first or is not ready in time (it
 * is killed then).
 */
export async function startNatsServer(options: NatsServerProcessOptions): Promise<NatsServerHandle> {
  const binary = locateNatsServer(options.binary);
  const url = `nats://${options.host.includes(':') ? `[${options.host}]` : options.host}:${options.port}`;
  // Named, so that readiness is checked against this process and not whatever holds the port.
  const serverName = options.serverName ?? `covey-nats-${randomUUID().slice(0, 8)}`;
  const args = [
    '-js',
    '-a',
    options.host,
    '-p',
    String(options.port),
    '-sd',
    options.storeDir,
    '-n',
    serverName,
  ];
  const output: string[] = [];
  const child: ChildProcess = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const remember = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      output.push(line);
      if (output.length > OUTPUT_LINES) output.shift();
      options.logger?.debug({ nats: line }, 'nats-server');
    }
  };
  child.stdout?.on('data', remember);
  child.stderr?.on('data', remember);
  let spawnError: Error | undefined;
  let hasExited = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('error', (err) => {
      spawnError = err;
      if (child.pid === undefined) {
        hasExited = true;
        resolve({ code: null, signal: null });
      }
    });
    child.once('exit', (code, signal) => {
      hasExited = true;
      resolve({ code, signal });
    });
  });

  const stop = async (timeoutMs = 10_000): Promise<'stopped' | 'killed' | 'not-running'> => {
    if (hasExited) return 'not-running';
    child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(resolve, timeoutMs, 'late');
    });
    const first = await Promise.race([exited, late]);
    clearTimeout(timer);
    if (first !== 'late') return 'stopped';
    child.kill('SIGKILL');
    await exited;
    return 'killed';
  };
  const failure = (reason: string, cause?: unknown) =>
    new NatsServerStartError(
      binary,
      url,
      reason,
      output.join('\n'),
      cause === undefined ? undefined : { cause },
    );

  const deadline = Date.now() + (options.startTimeoutMs ?? 10_000);
  while (true) {
    if (hasExited) {
      const { code, signal } = await exited;
      if (spawnError !== undefined) throw failure(`could not start: ${spawnError.message}`, spawnError);
      throw failure(
        `exited with ${signal !== null ? `signal ${signal}` : `code ${code}`} before it was ready`,
      );
    }
    if (await answers(url, serverName)) break;
    if (Date.now() >= deadline) {
      await stop(2_000);
      throw failure(`not ready within ${options.startTimeoutMs ?? 10_000} ms`);
    }
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 100))]);
  }
  options.logger?.info({ url, pid: child.pid, storeDir: options.storeDir }, 'nats-server started');
  return { url, pid: child.pid ?? 0, exited, stop };
}
