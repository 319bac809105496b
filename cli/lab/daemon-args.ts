// The `covey daemon` command line of one lab node: its data dir, gRPC and HTTP addresses, and its
// name as the hostname it reports (every lab node runs on the same host).
export interface DaemonEndpoint {
  readonly name: string;
  /** gRPC host:port. */
  readonly addr: string;
  /** HTTP host:port (/healthz). */
  readonly http: string;
  readonly dataDir: string;
}

export function daemonArgs(node: DaemonEndpoint, extra: readonly string[] = []): string[] {
  return [
    'daemon',
    '--data-dir',
    node.dataDir,
    '--listen',
    node.addr,
    '--http',
    node.http,
    '--hostname',
    node.name,
    ...extra,
  ];
}
