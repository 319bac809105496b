// The CLI's typed, promise-based client of ControlService over mTLS (the admin bundle, or any
// manager's certificate), with failover across the managers it is given (then the fallbacks).
import * as grpc from '@grpc/grpc-js';
import { channelCredentials, TLS_CHANNEL_OPTIONS } from '../pki/grpc-credentials.ts';
import type { TlsBundle } from '../pki/tls-bundle.ts';
import type { ControlServiceClient } from '../proto/gen/covey/v1/ControlService.ts';
import type { CreateServiceRequest } from '../proto/gen/covey/v1/CreateServiceRequest.ts';
import type { CreateServiceResponse__Output } from '../proto/gen/covey/v1/CreateServiceResponse.ts';
import type { EventsRequest } from '../proto/gen/covey/v1/EventsRequest.ts';
import type { EventsResponse__Output } from '../proto/gen/covey/v1/EventsResponse.ts';
import type { GetClusterResponse__Output } from '../proto/gen/covey/v1/GetClusterResponse.ts';
import type { GetNodeResponse__Output } from '../proto/gen/covey/v1/GetNodeResponse.ts';
import type { GetServiceResponse__Output } from '../proto/gen/covey/v1/GetServiceResponse.ts';
import type { ListNodesRequest } from '../proto/gen/covey/v1/ListNodesRequest.ts';
import type { ListNodesResponse__Output } from '../proto/gen/covey/v1/ListNodesResponse.ts';
import type { ListServiceStatusesResponse__Output } from '../proto/gen/covey/v1/ListServiceStatusesResponse.ts';
import type { ListServicesRequest } from '../proto/gen/covey/v1/ListServicesRequest.ts';
import type { ListServicesResponse__Output } from '../proto/gen/covey/v1/ListServicesResponse.ts';
import type { ListTasksRequest } from '../proto/gen/covey/v1/ListTasksRequest.ts';
import type { ListTasksResponse__Output } from '../proto/gen/covey/v1/ListTasksResponse.ts';
import type { RemoveNodeRequest } from '../proto/gen/covey/v1/RemoveNodeRequest.ts';
import type { UpdateClusterRequest } from '../proto/gen/covey/v1/UpdateClusterRequest.ts';
import type { UpdateClusterResponse__Output } from '../proto/gen/covey/v1/UpdateClusterResponse.ts';
import type { UpdateNodeRequest } from '../proto/gen/covey/v1/UpdateNodeRequest.ts';
import type { UpdateNodeResponse__Output } from '../proto/gen/covey/v1/UpdateNodeResponse.ts';
import type { UpdateServiceRequest } from '../proto/gen/covey/v1/UpdateServiceRequest.ts';
import type { UpdateServiceResponse__Output } from '../proto/gen/covey/v1/UpdateServiceResponse.ts';
import { loadControlProto } from '../proto/load.ts';

type Callback<T> = (err: grpc.ServiceError | null, value?: T) => void;

/** Codes after which another manager may well succeed. */
const RETRY_ELSEWHERE = new Set([grpc.status.UNAVAILABLE, grpc.status.DEADLINE_EXCEEDED]);

export class ControlClient {
  private readonly clients: { addr: string; client: ControlServiceClient }[];
  private current = 0;

  /**
   * `fallbacks`: further managers (e.g. those learned from the cluster), tried in order once every
   * one of `managers` failed to answer.
   */
  constructor(
    managers: readonly string[],
    bundle: TlsBundle,
    private readonly timeoutMs = 15_000,
    fallbacks: readonly string[] = [],
  ) {
    if (managers.length === 0) throw new RangeError('ControlClient needs at least one manager address');
    const Client = loadControlProto().covey.v1.ControlService;
    const creds = channelCredentials(bundle);
    this.clients = [...new Set([...managers, ...fallbacks])].map((addr) => ({
      addr,
      client: new Client(addr, creds, { ...TLS_CHANNEL_OPTIONS }),
    }));
  }

  createService(r: CreateServiceRequest) {
    return this.call<CreateServiceResponse__Output>((c, o, cb) => c.CreateService(r, o, cb));
  }
  getService(serviceId: string) {
    return this.call<GetServiceResponse__Output>((c, o, cb) => c.GetService({ serviceId }, o, cb));
  }
  listServices(r: ListServicesRequest = {}) {
    return this.call<ListServicesResponse__Output>((c, o, cb) => c.ListServices(r, o, cb));
  }
  updateService(r: UpdateServiceRequest) {
    return this.call<UpdateServiceResponse__Output>((c, o, cb) => c.UpdateService(r, o, cb));
  }
  removeService(serviceId: string) {
    return this.call<object>((c, o, cb) => c.RemoveService({ serviceId }, o, cb));
  }
  listServiceStatuses(serviceIds: readonly string[]) {
    return this.call<ListServiceStatusesResponse__Output>((c, o, cb) =>
      c.ListServiceStatuses({ serviceIds: [...serviceIds] }, o, cb),
    );
  }
  listTasks(r: ListTasksRequest = {}) {
    return this.call<ListTasksResponse__Output>((c, o, cb) => c.ListTasks(r, o, cb));
  }
  getNode(nodeId: string) {
    return this.call<GetNodeResponse__Output>((c, o, cb) => c.GetNode({ nodeId }, o, cb));
  }
  listNodes(r: ListNodesRequest = {}) {
    return this.call<ListNodesResponse__Output>((c, o, cb) => c.ListNodes(r, o, cb));
  }
  updateNode(r: UpdateNodeRequest) {
    return this.call<UpdateNodeResponse__Output>((c, o, cb) => c.UpdateNode(r, o, cb));
  }
  removeNode(r: RemoveNodeRequest) {
    return this.call<object>((c, o, cb) => c.RemoveNode(r, o, cb));
  }
  getCluster() {
    return this.call<GetClusterResponse__Output>((c, o, cb) => c.GetCluster({}, o, cb));
  }
  updateCluster(r: UpdateClusterRequest) {
    return this.call<UpdateClusterResponse__Output>((c, o, cb) => c.UpdateCluster(r, o, cb));
  }

  /** The underlying client of the manager in use (streams). */
  raw(): ControlServiceClient {
    return (this.clients[this.current] ?? this.clients[0])!.client;
  }

  /** An Events stream from the manager in use; after it breaks, failover() picks the next one. */
  events(r: EventsRequest): grpc.ClientReadableStream<EventsResponse__Output> {
    return this.raw().Events(r);
  }

  /** Every manager address this client may use, in the order it tries them. */
  get addresses(): readonly string[] {
    return this.clients.map((c) => c.addr);
  }

  /** The address of the manager in use. */
  get currentAddress(): string {
    return (this.clients[this.current] ?? this.clients[0])!.addr;
  }

  /** Moves on to the next manager (a stream's connection was lost); returns its address. */
  failover(): string {
    this.current = (this.current + 1) % this.clients.length;
    return this.currentAddress;
  }

  close(): void {
    for (const c of this.clients) c.client.close();
  }

  /** One unary call, moving on to the next manager when this one is unreachable. */
  private async call<T>(
    start: (client: ControlServiceClient, options: grpc.CallOptions, cb: Callback<T>) => void,
  ): Promise<T> {
    let lastError: grpc.ServiceError | undefined;
    for (let i = 0; i < this.clients.length; i++) {
      const entry = this.clients[(this.current + i) % this.clients.length]!;
      try {
        const value = await new Promise<T>((resolve, reject) =>
          start(entry.client, { deadline: Date.now() + this.timeoutMs }, (err, v) =>
            err ? reject(err) : v === undefined ? reject(new Error('empty response')) : resolve(v),
          ),
        );
        this.current = (this.current + i) % this.clients.length;
        return value;
      } catch (err) {
        const e = err as grpc.ServiceError;
        if (!RETRY_ELSEWHERE.has(e.code)) throw e;
        lastError = e;
      }
    }
    throw lastError ?? new Error('no manager answered');
  }
}
