// The Raft transport between covey managers over gRPC: RaftService.Stream served on the daemon's
// server, one client stream per peer for sending. Lossy by design (Raft resends), never blocking.
import * as grpc from '@grpc/grpc-js';
import type { Message, NodeId } from '../../../raft/types.ts';
import type { RaftPeerTransport } from '../contracts.ts';
import { RaftTransportClosedError } from './errors.ts';
import { PeerStream, type PeerStats } from './peer-stream.ts';
import { loadRaftServiceDefinition, type RaftServiceDefinition } from './raft-service.ts';
import { type ReceiverStats, StreamReceiver } from './stream-receiver.ts';
import {
  type GrpcRaftTransportOptions,
  RAFT_SERVER_OPTIONS,
  type ResolvedTransportOptions,
  raftChannelOptions,
  resolveTransportOptions,
} from './transport-options.ts';

export interface TransportStats extends ReceiverStats {
  readonly peers: ReadonlyMap<NodeId, PeerStats>;
  /** Messages for a node with no address (setPeer not called), dropped. */
  readonly unknownPeerMessages: number;
  /** Received messages that arrived while no onMessage handler was set, dropped. */
  readonly unhandledMessages: number;
}

export class GrpcRaftTransport implements RaftPeerTransport {
  private readonly options: ResolvedTransportOptions;
  private readonly service: RaftServiceDefinition;
  private readonly receiver: StreamReceiver;
  private readonly peers = new Map<NodeId, PeerStream>();
  private readonly servers: grpc.Server[] = [];
  private ownServer: grpc.Server | undefined;
  private messageHandler: ((m: Message) => void) | undefined;
  private unreachableHandler: ((peerId: NodeId) => void) | undefined;
  private closed = false;
  private unknownPeerMessages = 0;
  private unhandledMessages = 0;

  constructor(options: GrpcRaftTransportOptions) {
    this.options = resolveTransportOptions(options);
    this.service = loadRaftServiceDefinition();
    this.receiver = new StreamReceiver(this.options.selfId, this.options.logger, this.deliver);
  }

  get selfId(): NodeId {
    return this.options.selfId;
  }

  /**
   * Serves RaftService on an existing server (the daemon has one port for all services). That
   * server should allow messages of MAX_GRPC_MESSAGE_BYTES (see RAFT_SERVER_OPTIONS).
   */
  register(server: grpc.Server): void {
    if (this.closed) throw new RaftTransportClosedError('register');
    server.addService(this.service, { Stream: this.streamHandler() });
    this.servers.push(server);
  }

  /** The Stream handler, behind the caller check when one is configured. */
  private streamHandler(): typeof this.receiver.handle {
    const check = this.options.authorizeStream;
    if (!check) return this.receiver.handle;
    return (call, callback) => {
      // Hold the stream's data until the caller is known; resume once the receiver listens.
      call.pause();
      check(call as grpc.ServerReadableStream<unknown, unknown>).then(
        () => {
          this.receiver.handle(call, callback);
          call.resume();
        },
        (err: unknown) => {
          const status = err as Partial<grpc.StatusObject>;
          callback({
            code: status.code ?? grpc.status.PERMISSION_DENIED,
            details: status.details ?? 'raft stream refused',
          });
        },
      );
    };
  }

  /** Creates a server of its own bound to addr (tests, benchmarks) and resolves to the bound port. */
  async listen(addr: string): Promise<number> {
    if (this.closed) throw new RaftTransportClosedError('listen');
    if (this.ownServer !== undefined) throw new RangeError('raft transport: listen() was already called');
    const server = new grpc.Server(RAFT_SERVER_OPTIONS);
    this.register(server);
    this.ownServer = server;
    try {
      return await new Promise<number>((resolve, reject) => {
        server.bindAsync(addr, this.options.serverCredentials, (err, port) =>
          err ? reject(err) : resolve(port),
        );
      });
    } catch (err) {
      this.ownServer = undefined;
      server.forceShutdown();
      throw err;
    }
  }

  /** Sets or changes where a peer is reached; a changed address starts a new stream. */
  setPeer(id: NodeId, addr: string): void {
    if (this.closed) throw new RaftTransportClosedError('setPeer');
    if (id === this.options.selfId) throw new RangeError(`raft transport: ${id} is this node`);
    const existing = this.peers.get(id);
    if (existing?.addr === addr) return;
    existing?.close();
    const client = new grpc.Client(addr, this.options.channelCredentials, {
      ...raftChannelOptions(this.options.backoff),
      ...this.options.channelOptions,
    });
    this.peers.set(
      id,
      new PeerStream(id, addr, client, {
        logger: this.options.logger,
        maxQueuedBytes: this.options.maxQueuedBytesPerPeer,
        maxBatchBytes: this.options.maxBatchBytes,
        backoff: this.options.backoff,
        method: this.service.Stream,
        reportUnreachable: this.reportUnreachable,
      }),
    );
  }

  /** Forgets a peer: what is queued for it is dropped and its connection closed. */
  removePeer(id: NodeId): void {
    const peer = this.peers.get(id);
    if (peer === undefined) return;
    peer.close();
    this.peers.delete(id);
  }

  /**
   * Queues messages for their peers and returns at once; per peer, order is kept. A message that
   * cannot be queued (unknown peer, queue full, stream down) is dropped and its peer is reported
   * through onUnreachable, asynchronously.
   */
  send(messages: readonly Message[]): void {
    if (this.closed) return;
    let unknown: Set<NodeId> | undefined;
    for (const m of messages) {
      const peer = this.peers.get(m.to);
      if (peer !== undefined) {
        peer.enqueue(m);
        continue;
      }
      this.unknownPeerMessages++;
      if (unknown === undefined) unknown = new Set();
      unknown.add(m.to);
    }
    if (unknown !== undefined) {
      for (const id of unknown) {
        this.options.logger.debug({ peer: id }, 'dropped raft messages for a peer with no address');
      }
      const ids = unknown;
      queueMicrotask(() => {
        for (const id of ids) this.reportUnreachable(id);
      });
    }
  }

  /** The one receiver of incoming messages (a later call replaces it); called in arrival order. */
  onMessage(handler: (m: Message) => void): void {
    this.messageHandler = handler;
  }

  /** Called when a peer's stream fails or messages to it are dropped, for RawNode.reportUnreachable. */
  onUnreachable(handler: (peerId: NodeId) => void): void {
    this.unreachableHandler = handler;
  }

  peerStats(id: NodeId): PeerStats | undefined {
    return this.peers.get(id)?.stats();
  }

  stats(): TransportStats {
    const peers = new Map<NodeId, PeerStats>();
    for (const [id, peer] of this.peers) peers.set(id, peer.stats());
    return {
      ...this.receiver.stats(),
      peers,
      unknownPeerMessages: this.unknownPeerMessages,
      unhandledMessages: this.unhandledMessages,
    };
  }

  /**
   * Drops everything queued, closes every peer channel, ends incoming streams (UNAVAILABLE), removes
   * the service from servers it was registered on and shuts down the server listen() created. A
   * message that must arrive (a leadership hand-off) is awaited by its effect before closing.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const peer of this.peers.values()) peer.close();
    this.peers.clear();
    this.receiver.close();
    for (const server of this.servers) server.removeService(this.service);
    this.servers.length = 0;
    this.ownServer?.forceShutdown();
    this.ownServer = undefined;
    this.messageHandler = undefined;
    this.unreachableHandler = undefined;
  }

  private readonly deliver = (m: Message): void => {
    const handler = this.messageHandler;
    if (handler === undefined || this.closed) {
      this.unhandledMessages++;
      return;
    }
    try {
      handler(m);
    } catch (err) {
      this.options.logger.error({ err, from: m.from, type: m.type }, 'raft message handler threw');
    }
  };

  private readonly reportUnreachable = (peerId: NodeId): void => {
    const handler = this.unreachableHandler;
    if (handler === undefined || this.closed) return;
    try {
      handler(peerId);
    } catch (err) {
      this.options.logger.error({ err, peer: peerId }, 'raft unreachable handler threw');
    }
  };
}
