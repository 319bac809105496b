// A loopback TCP relay that can go silent: freeze() keeps every connection open but drops the bytes
// both ways, as a host that vanished from the network does (no RST, no FIN), so only keepalive can
// tell the agent that its manager is gone.
import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';

export class TcpProxy {
  private frozen = false;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly addr: string,
  ) {}

  static async start(target: string): Promise<TcpProxy> {
    const [host, portText] = splitAddr(target);
    let proxy: TcpProxy | undefined;
    const server = createServer((client) => {
      const upstream = connect(Number(portText), host);
      proxy?.relay(client, upstream);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('proxy has no TCP address');
    proxy = new TcpProxy(server, `127.0.0.1:${address.port}`);
    return proxy;
  }

  /** From now on nothing passes in either direction; connections stay open. */
  freeze(): void {
    this.frozen = true;
  }

  close(): void {
    this.server.close();
    for (const socket of this.sockets) socket.destroy();
  }

  private relay(a: Socket, b: Socket): void {
    for (const [from, to] of [
      [a, b],
      [b, a],
    ] as const) {
      this.sockets.add(from);
      from.on('data', (chunk) => {
        if (!this.frozen) to.write(chunk);
      });
      from.on('error', () => to.destroy());
      from.on('close', () => {
        this.sockets.delete(from);
        if (!this.frozen) to.destroy();
      });
    }
  }
}

function splitAddr(addr: string): [string, string] {
  const i = addr.lastIndexOf(':');
  return [addr.slice(0, i), addr.slice(i + 1)];
}
