// gRPC clients to other managers, one per address, authenticated with this manager's certificate;
// the oldest is closed once there are more than a few (leaders change, addresses rarely).
import type * as grpc from '@grpc/grpc-js';
import { channelCredentials, TLS_CHANNEL_OPTIONS } from '../../pki/grpc-credentials.ts';
import type { TlsBundle } from '../../pki/tls-bundle.ts';

export type ClientConstructor<C extends grpc.Client> = new (
  address: string,
  credentials: grpc.ChannelCredentials,
  options?: grpc.ChannelOptions,
) => C;

/** Leaders seen; a cluster has a handful of managers, so this only bounds pathological churn. */
const MAX_CLIENTS = 16;

export class PeerClients<C extends grpc.Client> {
  /** Oldest first (a Map keeps insertion order). */
  private readonly clients = new Map<string, C>();
  private credentials: grpc.ChannelCredentials | undefined;

  constructor(
    private readonly bundle: TlsBundle,
    private readonly Client: () => ClientConstructor<C>,
  ) {}

  get(addr: string): C {
    const cached = this.clients.get(addr);
    if (cached !== undefined) return cached;
    this.credentials ??= channelCredentials(this.bundle);
    const Client = this.Client();
    const client = new Client(addr, this.credentials, { ...TLS_CHANNEL_OPTIONS });
    this.clients.set(addr, client);
    if (this.clients.size > MAX_CLIENTS) {
      const [oldest, old] = this.clients.entries().next().value as [string, C];
      this.clients.delete(oldest);
      old.close();
    }
    return client;
  }

  close(): void {
    for (const client of this.clients.values()) client.close();
    this.clients.clear();
  }
}
