// A unix-socket relay in front of the Docker engine that a test can cut and restore, to play an engine
// restart (every connection dropped, nothing listening, then back) without touching the machine's
// dockerd, which other engineers use at the same time.
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export class EngineSocketProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  /** Connections accepted since the proxy was made. */
  accepted = 0;

  private constructor(
    private readonly dir: string,
    readonly socketPath: string,
    private readonly target: string,
  ) {}

  static async start(target = '/var/run/docker.sock'): Promise<EngineSocketProxy> {
    const dir = await mkdtemp(join(tmpdir(), 'covey-engine-proxy-'));
    const proxy = new EngineSocketProxy(dir, join(dir, 'docker.sock'), target);
    await proxy.restore();
    return proxy;
  }

  get listening(): boolean {
    return this.server !== null;
  }

  /** Stops listening and drops every open connection, as a dying engine does. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (server !== null) await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(this.socketPath, { force: true });
  }

  /** Listens again on the same path. */
  async restore(): Promise<void> {
    if (this.server !== null) return;
    const server = createServer((client) => this.relay(client));
    server.listen(this.socketPath);
    await once(server, 'listening');
    this.server = server;
  }

  async close(): Promise<void> {
    await this.cut();
    await rm(this.dir, { recursive: true, force: true });
  }

  private relay(client: Socket): void {
    this.accepted++;
    const upstream = connect(this.target);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    }
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
