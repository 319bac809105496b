// A daemon's /healthz as a lab reads it: is it serving, which node is it, what does its Raft see.
export interface DaemonHealth {
  readonly ok: boolean;
  readonly nodeId?: string;
  readonly role?: string;
  readonly raft?: { readonly isLeader: boolean; readonly term: number; readonly leader: string };
}

/** The report of the daemon whose HTTP port is `http`, or undefined when it does not answer (yet). */
export async function fetchDaemonHealth(http: string, timeoutMs = 1_000): Promise<DaemonHealth | undefined> {
  try {
    const r = await fetch(`http://${http}/healthz`, { signal: AbortSignal.timeout(timeoutMs) });
    const body: unknown = await r.json();
    return typeof body === 'object' && body !== null && 'ok' in body ? (body as DaemonHealth) : undefined;
  } catch {
    return undefined;
  }
}
