// Typed DispatcherService clients for the agent: one channel per session attempt, with the options
// that make a dead manager show up as a failed call within about two seconds.
//
// Keepalive: grpc-js sends an HTTP/2 PING every `keepaliveTimeMs` while a call is active (the Session
// stream always is) and drops the connection when the ack takes longer than `keepaliveTimeoutMs`;
// every call on it then fails with UNAVAILABLE and the agent fails over. 1 s + 1 s notices a manager
// whose host vanished (no RST, no FIN) in ≤ 2 s, well inside the leader's own 2 × period + 0.5 s
// before it declares the node DOWN. A grpc-js server accepts pings at any rate (it has no ping
// policy); a Go or C-core server would have to permit 1 s pings (`keepalive.EnforcementPolicy
// {MinTime: 1s, PermitWithoutStream: false}` / GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS)
// or it answers GOAWAY "too_many_pings". Cost at the leader: one 17-byte frame per agent per
// second, acknowledged inside nghttp2 without reaching JavaScript.
import type * as grpc from '@grpc/grpc-js';
import { TLS_CHANNEL_OPTIONS } from '../../pki/grpc-credentials.ts';
import type { DispatcherServiceClient } from '../../proto/gen/covey/v1/DispatcherService.ts';
import { type DispatcherProtoGrpcType, loadDispatcherProto } from '../../proto/load.ts';

export interface KeepaliveOptions {
  /** Time between PINGs while a call is active. */
  readonly timeMs: number;
  /** How long a PING may go unanswered before the connection is dropped. */
  readonly timeoutMs: number;
}

/**
 * A silent manager is noticed within ~7 s (a killed one at once: its socket resets). The timeout is
 * not 1 s: a leader whose event loop stalls for a second under a 100k-task deploy would otherwise
 * see hundreds of agents drop and reconnect at once (docs/bench-scheduler.md).
 */
export const DEFAULT_KEEPALIVE: KeepaliveOptions = Object.freeze({ timeMs: 2_000, timeoutMs: 5_000 });

/** Channel options for a session's channel (TLS options included). */
export function dispatcherChannelOptions(
  keepalive: KeepaliveOptions = DEFAULT_KEEPALIVE,
): grpc.ChannelOptions {
  return {
    ...TLS_CHANNEL_OPTIONS,
    'grpc.keepalive_time_ms': keepalive.timeMs,
    'grpc.keepalive_timeout_ms': keepalive.timeoutMs,
    // The Session stream keeps a call active for the whole session; no pings on an idle channel.
    'grpc.keepalive_permit_without_calls': 0,
    // The agent retries by opening a new session (maybe elsewhere); the channel must not replay calls.
    'grpc.enable_retries': 0,
    // Each session owns its connection, so close() really closes it and a new session starts on a
    // fresh one (no process-wide subchannel pool shared with other agents of a scale run).
    'grpc.use_local_subchannel_pool': 1,
    'grpc.enable_http_proxy': 0,
    // Thousands of hollow agents may share a process; per-channel tracing would only cost memory.
    'grpc.enable_channelz': 0,
    // An Assignments message carries up to 1,000 tasks with their specs, which can pass grpc-js's
    // 4 MiB default; the managers' server accepts 16 MiB too (RAFT_SERVER_OPTIONS).
    'grpc.max_receive_message_length': 16 * 1024 * 1024,
  };
}

let dispatcherProto: DispatcherProtoGrpcType | undefined;

/** The parsed dispatcher.proto, once per process (parsing costs milliseconds; agents may be many). */
function dispatcherService(): DispatcherProtoGrpcType['covey']['v1']['DispatcherService'] {
  dispatcherProto ??= loadDispatcherProto();
  return dispatcherProto.covey.v1.DispatcherService;
}

/** A client for the manager at `addr` (host:port); close() it when the session ends. */
export function createDispatcherClient(
  addr: string,
  credentials: grpc.ChannelCredentials,
  keepalive: KeepaliveOptions = DEFAULT_KEEPALIVE,
): DispatcherServiceClient {
  const Client = dispatcherService();
  return new Client(addr, credentials, dispatcherChannelOptions(keepalive));
}
