// Waiting for a daemon just started to serve /healthz, failing at once (with the end of its log)
// when it exits first: a refused flag or a taken port should not cost the whole timeout.
import type { ChildProcess } from 'node:child_process';
import { type DaemonHealth, fetchDaemonHealth } from './daemon-health.ts';
import { waitFor } from './wait-for.ts';

/** A daemon exited before it served /healthz. */
export class DaemonExitedError extends Error {
  override name = 'DaemonExitedError';
  constructor(
    readonly node: string,
    readonly code: number | null,
    readonly signal: NodeJS.Signals | null,
    /** The end of what it logged, to say why. */
    readonly logTail: string,
  ) {
    super(`${node} exited (${code ?? signal}) while starting:\n${logTail}`);
  }
}

export interface ServingWait {
  readonly name: string;
  readonly http: string;
  readonly child: ChildProcess;
  readonly timeoutMs: number;
  /** The end of the daemon's log, read when it exits. */
  readonly logTail: () => string | Promise<string>;
}

/** Resolves with its first healthy report; DaemonExitedError or WaitTimeoutError otherwise. */
export async function untilServing(w: ServingWait): Promise<DaemonHealth> {
  let onExit: ((code: number | null, signal: NodeJS.Signals | null) => void) | undefined;
  const exited = new Promise<never>((_, reject) => {
    onExit = (code, signal) => {
      void Promise.resolve(w.logTail()).then((tail) =>
        reject(new DaemonExitedError(w.name, code, signal, tail)),
      );
    };
    if (w.child.exitCode !== null || w.child.signalCode !== null)
      onExit(w.child.exitCode, w.child.signalCode);
    else w.child.once('exit', onExit);
  });
  // It may still reject after the race is settled (an exit while its log is read).
  exited.catch(() => undefined);
  const polling = new AbortController();
  const serving = waitFor(
    async () => {
      const h = await fetchDaemonHealth(w.http);
      return h?.ok ? h : undefined;
    },
    `${w.name} to serve /healthz`,
    w.timeoutMs,
    25,
    polling.signal,
  );
  serving.catch(() => undefined);
  try {
    return await Promise.race([serving, exited]);
  } finally {
    polling.abort();
    if (onExit) w.child.off('exit', onExit);
  }
}
