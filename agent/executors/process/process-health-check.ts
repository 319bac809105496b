// A healthcheck's test as a process runtime runs it: ["CMD", argv...] execs, ["CMD-SHELL", "cmd"]
// runs `/bin/sh -c cmd`, [] or ["NONE"] is none. Each check is its own process group, killed whole
// when the monitor gives up on it.
import { spawn } from 'node:child_process';
import type { HealthCheckResult } from './process-health.ts';

export type HealthTest =
  | { readonly kind: 'none' }
  | { readonly kind: 'run'; readonly argv: readonly [string, ...string[]] }
  | { readonly kind: 'invalid'; readonly reason: string };

export function parseHealthTest(test: readonly string[]): HealthTest {
  const [mode, ...rest] = test;
  if (mode === undefined || mode === 'NONE') return { kind: 'none' };
  if (mode === 'CMD') {
    const [program, ...args] = rest;
    if (program === undefined || program === '') return { kind: 'invalid', reason: 'CMD without a command' };
    return { kind: 'run', argv: [program, ...args] };
  }
  if (mode === 'CMD-SHELL') {
    // Docker joins the rest with spaces.
    if (rest.join(' ').trim() === '') return { kind: 'invalid', reason: 'CMD-SHELL without a command' };
    return { kind: 'run', argv: ['/bin/sh', '-c', rest.join(' ')] };
  }
  return {
    kind: 'invalid',
    reason: `test must start with CMD, CMD-SHELL or NONE, not ${JSON.stringify(mode)}`,
  };
}

export interface HealthCheckContext {
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
  readonly uid?: number;
  readonly gid?: number;
}

/** Docker keeps this much of a check's output. */
const MAX_OUTPUT_BYTES = 4096;

/** Runs one check to its end (exit 0 = healthy), or kills its group when `signal` aborts. */
export function runHealthCheck(
  argv: readonly [string, ...string[]],
  context: HealthCheckContext,
  signal: AbortSignal,
): Promise<HealthCheckResult> {
  return new Promise((resolve) => {
    const [program, ...args] = argv;
    const child = spawn(program, args, {
      cwd: context.cwd,
      env: { ...context.env },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(context.uid === undefined ? {} : { uid: context.uid }),
      ...(context.gid === undefined ? {} : { gid: context.gid }),
    });
    const chunks: Buffer[] = [];
    let size = 0;
    const collect = (chunk: Buffer): void => {
      if (size >= MAX_OUTPUT_BYTES) return;
      const piece = chunk.subarray(0, MAX_OUTPUT_BYTES - size);
      chunks.push(piece);
      size += piece.length;
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    const kill = (): void => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    signal.addEventListener('abort', kill, { once: true });
    child.once('error', (error) => {
      signal.removeEventListener('abort', kill);
      resolve({ ok: false, output: error.message });
    });
    child.once('close', (code) => {
      signal.removeEventListener('abort', kill);
      resolve({ ok: code === 0, output: Buffer.concat(chunks).toString('utf8').trim() });
    });
  });
}
