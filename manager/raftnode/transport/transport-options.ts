// Configuration of the Raft transport and the gRPC channel/server options it implies.
import * as grpc from '@grpc/grpc-js';
import type { NodeId } from '../../../raft/types.ts';
import { type BackoffOptions, DEFAULT_BACKOFF } from './backoff.ts';

/** The subset of a pino logger the transport uses; any pino logger or child fits. */
export interface TransportLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface GrpcRaftTransportOptions {
  readonly selfId: NodeId;
  /** Insecure on both sides when omitted; the manager passes mTLS credentials. */
  readonly credentials?: {
    /** For listen() only; a transport registered on the daemon's server uses that server's. */
    readonly server?: grpc.ServerCredentials;
    readonly channel: grpc.ChannelCredentials;
    /** Extra channel options the credentials need (e.g. a constant TLS server name). */
    readonly channelOptions?: grpc.ChannelOptions;
  };
  readonly logger?: TransportLogger;
  /**
   * Checks the caller of each incoming stream before any of its messages is read (the daemon
   * allows manager certificates only). Rejects with the status to end the stream with.
   */
  readonly authorizeStream?: (call: grpc.ServerReadableStream<unknown, unknown>) => Promise<void>;
  /**
   * Estimated bytes queued for one peer beyond which new messages to it are dropped (Raft tolerates
   * loss; the leader resends). A message larger than the bound is still accepted into an empty queue,
   * so the worst case per peer is this bound plus one message.
   */
  readonly maxQueuedBytesPerPeer?: number;
  /** Estimated bytes of one RaftBatch write; keeps each gRPC message far below MAX_GRPC_MESSAGE_BYTES. */
  readonly maxBatchBytes?: number;
  /** Delays between reconnect attempts of a broken peer stream. */
  readonly backoff?: BackoffOptions;
}

/**
 * gRPC message size limit, both directions. The core sends InstallSnapshot in chunks of at most
 * 1 MiB and App messages of at most 1 MiB of entries (a single larger entry goes alone), and a batch
 * is cut at maxBatchBytes (4 MiB), so 16 MiB leaves room for a batch of several maximal messages plus
 * framing. A single message above this limit cannot be sent: it is dropped and logged.
 */
export const MAX_GRPC_MESSAGE_BYTES = 16 * 1024 * 1024;
export const DEFAULT_MAX_BATCH_BYTES = 4 * 1024 * 1024;
export const DEFAULT_MAX_QUEUED_BYTES_PER_PEER = 8 * 1024 * 1024;

export interface ResolvedTransportOptions {
  readonly selfId: NodeId;
  readonly serverCredentials: grpc.ServerCredentials;
  readonly channelCredentials: grpc.ChannelCredentials;
  readonly channelOptions: grpc.ChannelOptions;
  readonly logger: TransportLogger;
  readonly authorizeStream:
    | ((call: grpc.ServerReadableStream<unknown, unknown>) => Promise<void>)
    | undefined;
  readonly maxQueuedBytesPerPeer: number;
  readonly maxBatchBytes: number;
  readonly backoff: BackoffOptions;
}

const silentLogger: TransportLogger = { debug() {}, info() {}, warn() {}, error() {} };

export function resolveTransportOptions(o: GrpcRaftTransportOptions): ResolvedTransportOptions {
  if (o.selfId === '') throw new RangeError('raft transport: selfId must not be empty');
  const maxBatchBytes = o.maxBatchBytes ?? DEFAULT_MAX_BATCH_BYTES;
  if (!(maxBatchBytes > 0 && maxBatchBytes <= MAX_GRPC_MESSAGE_BYTES / 2)) {
    throw new RangeError(`raft transport: maxBatchBytes must be in (0, ${MAX_GRPC_MESSAGE_BYTES / 2}]`);
  }
  const maxQueuedBytesPerPeer = o.maxQueuedBytesPerPeer ?? DEFAULT_MAX_QUEUED_BYTES_PER_PEER;
  if (!(maxQueuedBytesPerPeer > 0)) throw new RangeError('raft transport: maxQueuedBytesPerPeer must be > 0');
  return {
    selfId: o.selfId,
    serverCredentials: o.credentials?.server ?? grpc.ServerCredentials.createInsecure(),
    channelCredentials: o.credentials?.channel ?? grpc.credentials.createInsecure(),
    channelOptions: o.credentials?.channelOptions ?? {},
    logger: o.logger ?? silentLogger,
    authorizeStream: o.authorizeStream,
    maxQueuedBytesPerPeer,
    maxBatchBytes,
    backoff: o.backoff ?? DEFAULT_BACKOFF,
  };
}

/** Options of the server created by listen(); a daemon's shared server should set the same sizes. */
export const RAFT_SERVER_OPTIONS: grpc.ServerOptions = Object.freeze({
  'grpc.max_receive_message_length': MAX_GRPC_MESSAGE_BYTES,
  'grpc.max_send_message_length': MAX_GRPC_MESSAGE_BYTES,
  // Not 'grpc.enable_channelz': 0 — with channelz off, grpc-js 1.14 does not track server sessions,
  // so forceShutdown() leaves client connections open (and a restarted peer unreachable behind them).
});

/** Options of each peer channel. */
export function raftChannelOptions(backoff: BackoffOptions): grpc.ChannelOptions {
  return {
    'grpc.max_receive_message_length': MAX_GRPC_MESSAGE_BYTES,
    'grpc.max_send_message_length': MAX_GRPC_MESSAGE_BYTES,
    // The stream layer retries with its own backoff and drops what it cannot send; the channel must
    // not buffer writes for replay nor wait out its default reconnect backoff (up to 120 s).
    'grpc.enable_retries': 0,
    'grpc.initial_reconnect_backoff_ms': backoff.initialMs,
    'grpc.max_reconnect_backoff_ms': backoff.maxMs,
    // A dead peer that never resets the connection is noticed by keepalive, not by a stuck write.
    'grpc.keepalive_time_ms': 10_000,
    'grpc.keepalive_timeout_ms': 5_000,
    // Each peer owns its connection, so close() really closes it (no process-wide subchannel pool).
    'grpc.use_local_subchannel_pool': 1,
    'grpc.enable_http_proxy': 0,
    'grpc.enable_channelz': 0,
  };
}
