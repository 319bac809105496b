// Forwards ControlService writes from a follower to the Raft leader over mTLS, with this manager's
// own certificate, and relays the leader's answer (response or status) as it came. A forwarded call
// carries a metadata marker; a marked call that lands on a non-leader is never forwarded again.
import * as grpc from '@grpc/grpc-js';
import type { TlsBundle } from '../../pki/tls-bundle.ts';
import type { ControlServiceClient } from '../../proto/gen/covey/v1/ControlService.ts';
import type { CreateServiceRequest } from '../../proto/gen/covey/v1/CreateServiceRequest.ts';
import type { CreateServiceResponse__Output } from '../../proto/gen/covey/v1/CreateServiceResponse.ts';
import type { RemoveNodeRequest } from '../../proto/gen/covey/v1/RemoveNodeRequest.ts';
import type { RemoveNodeResponse__Output } from '../../proto/gen/covey/v1/RemoveNodeResponse.ts';
import type { RemoveServiceRequest } from '../../proto/gen/covey/v1/RemoveServiceRequest.ts';
import type { RemoveServiceResponse__Output } from '../../proto/gen/covey/v1/RemoveServiceResponse.ts';
import type { LogMessage__Output } from '../../proto/gen/covey/v1/LogMessage.ts';
import type { ServiceLogsRequest } from '../../proto/gen/covey/v1/ServiceLogsRequest.ts';
import type { ServiceLogsResponse__Output } from '../../proto/gen/covey/v1/ServiceLogsResponse.ts';
import type { UpdateClusterRequest } from '../../proto/gen/covey/v1/UpdateClusterRequest.ts';
import type { UpdateClusterResponse__Output } from '../../proto/gen/covey/v1/UpdateClusterResponse.ts';
import type { UpdateNodeRequest } from '../../proto/gen/covey/v1/UpdateNodeRequest.ts';
import type { UpdateNodeResponse__Output } from '../../proto/gen/covey/v1/UpdateNodeResponse.ts';
import type { UpdateServiceRequest } from '../../proto/gen/covey/v1/UpdateServiceRequest.ts';
import type { UpdateServiceResponse__Output } from '../../proto/gen/covey/v1/UpdateServiceResponse.ts';
import { loadControlProto } from '../../proto/load.ts';
import { RpcStatusError } from '../grpc/error-status.ts';
import { type ClientConstructor, PeerClients } from '../grpc/peer-clients.ts';
import type { LeaderInfo } from '../leader-info.ts';
import { NoLeaderError } from './control-errors.ts';

/** Metadata key set on forwarded calls; its value is the forwarding manager's node id. */
export const FORWARDED_METADATA = 'covey-forwarded-by';
/** Deadline of a forwarded call whose caller set none: a hung leader must not pin the call forever. */
export const DEFAULT_FORWARD_TIMEOUT_MS = 60_000;

/** The writes a follower forwards, with their request and (decoded) response types. */
export interface ForwardedMethods {
  CreateService: readonly [CreateServiceRequest, CreateServiceResponse__Output];
  UpdateService: readonly [UpdateServiceRequest, UpdateServiceResponse__Output];
  RemoveService: readonly [RemoveServiceRequest, RemoveServiceResponse__Output];
  UpdateNode: readonly [UpdateNodeRequest, UpdateNodeResponse__Output];
  RemoveNode: readonly [RemoveNodeRequest, RemoveNodeResponse__Output];
  UpdateCluster: readonly [UpdateClusterRequest, UpdateClusterResponse__Output];
}

export type ForwardedMethod = keyof ForwardedMethods;

/** The leader's status for a forwarded call, relayed verbatim (code, details, trailing metadata). */
export class ForwardedStatusError extends RpcStatusError {
  override name = 'ForwardedStatusError';
  constructor(
    code: grpc.status,
    details: string,
    readonly metadata: grpc.Metadata,
    /** Where the call was forwarded. */
    readonly leaderAddr: string,
  ) {
    super(code, details);
  }
}

/** True when `metadata` marks a call another manager already forwarded. */
export function isForwarded(metadata: grpc.Metadata): boolean {
  return metadata.get(FORWARDED_METADATA).length > 0;
}

type Invoke<M extends ForwardedMethod> = (
  client: ControlServiceClient,
  request: ForwardedMethods[M][0],
  metadata: grpc.Metadata,
  options: grpc.CallOptions,
  callback: grpc.requestCallback<ForwardedMethods[M][1]>,
) => grpc.ClientUnaryCall;

const INVOKE: { readonly [M in ForwardedMethod]: Invoke<M> } = {
  CreateService: (c, r, m, o, cb) => c.CreateService(r, m, o, cb),
  UpdateService: (c, r, m, o, cb) => c.UpdateService(r, m, o, cb),
  RemoveService: (c, r, m, o, cb) => c.RemoveService(r, m, o, cb),
  UpdateNode: (c, r, m, o, cb) => c.UpdateNode(r, m, o, cb),
  RemoveNode: (c, r, m, o, cb) => c.RemoveNode(r, m, o, cb),
  UpdateCluster: (c, r, m, o, cb) => c.UpdateCluster(r, m, o, cb),
};

export class ControlForwarder {
  private readonly clients: PeerClients<ControlServiceClient>;
  private closed = false;

  constructor(
    bundle: TlsBundle,
    private readonly leader: LeaderInfo,
  ) {
    this.clients = new PeerClients(
      bundle,
      () => loadControlProto().covey.v1.ControlService as unknown as ClientConstructor<ControlServiceClient>,
    );
  }

  /**
   * The leader's ServiceLogs stream for `request`, for a follower whose log bus does not hold the
   * lines (the embedded bus lives on the leader, where agents publish). Each yielded value is one
   * response's lines; the leader's failure is ForwardedStatusError. `signal` cancels the call.
   */
  async *serviceLogs(request: ServiceLogsRequest, signal: AbortSignal): AsyncGenerator<LogMessage__Output[]> {
    const { client, addr, metadata } = this.leaderClient();
    const call = client.ServiceLogs(request, metadata);
    const cancel = (): void => call.cancel();
    signal.addEventListener('abort', cancel, { once: true });
    try {
      for await (const response of call as AsyncIterable<ServiceLogsResponse__Output>) {
        yield response.messages;
      }
    } catch (err) {
      if (signal.aborted) return;
      const e = err as grpc.ServiceError;
      throw new ForwardedStatusError(e.code, e.details, e.metadata ?? new grpc.Metadata(), addr);
    } finally {
      signal.removeEventListener('abort', cancel);
      call.cancel();
    }
  }

  /** A client to the leader with the forwarded marker, or NoLeaderError. */
  private leaderClient(): { client: ControlServiceClient; addr: string; metadata: grpc.Metadata } {
    if (this.closed) throw new NoLeaderError('this manager is shutting down');
    const leaderId = this.leader.leaderId();
    const addr = this.leader.leaderAddr();
    if (leaderId === '' || addr === undefined) {
      throw new NoLeaderError('no leader is known (an election is in progress)');
    }
    if (leaderId === this.leader.nodeId) throw new NoLeaderError('leadership is moving to this manager');
    const metadata = new grpc.Metadata();
    metadata.set(FORWARDED_METADATA, this.leader.nodeId);
    return { client: this.clients.get(addr), addr, metadata };
  }

  /**
   * Sends `request` to the current leader as `method` and resolves with its response; rejects with
   * ForwardedStatusError carrying the leader's status, or NoLeaderError when no leader is known.
   */
  forward<M extends ForwardedMethod>(
    method: M,
    request: ForwardedMethods[M][0],
    deadline?: grpc.Deadline,
  ): Promise<ForwardedMethods[M][1]> {
    let target: ReturnType<ControlForwarder['leaderClient']>;
    try {
      target = this.leaderClient();
    } catch (err) {
      return Promise.reject(err);
    }
    const { client, addr, metadata } = target;
    const options: grpc.CallOptions = {
      deadline:
        deadline === undefined || deadline === Number.POSITIVE_INFINITY
          ? Date.now() + DEFAULT_FORWARD_TIMEOUT_MS
          : deadline,
    };
    const invoke = INVOKE[method] as Invoke<M>;
    return new Promise((resolve, reject) => {
      invoke(client, request, metadata, options, (err, response) => {
        if (err) {
          reject(new ForwardedStatusError(err.code, err.details, err.metadata, addr));
        } else if (response === undefined) {
          reject(
            new ForwardedStatusError(
              grpc.status.INTERNAL,
              'the leader sent no response',
              new grpc.Metadata(),
              addr,
            ),
          );
        } else {
          resolve(response);
        }
      });
    });
  }

  /** Closes every client; later forwards fail with NoLeaderError. Idempotent. */
  close(): void {
    this.closed = true;
    this.clients.close();
  }
}
