// Real grpc-js ControlService servers for the control API tests: mTLS on 127.0.0.1 with a test CA,
// a MemoryStore behind a DirectProposer, a settable fake LeaderInfo and Raft membership, and a
// pino log captured in memory so tests wait on log records instead of sleeping.
import type { EventBus } from '../../../bus/event-bus.ts';
import type { LogBus } from '../../../bus/log-bus.ts';
import { Writable } from 'node:stream';
import * as grpc from '@grpc/grpc-js';
import type { Test } from 'tap';
import { pino } from 'pino';
import { ControlForwarder } from '../../../manager/controlapi/control-forwarder.ts';
import { ControlService } from '../../../manager/controlapi/control-service.ts';
import type { RaftMembership } from '../../../manager/controlapi/control-context.ts';
import { Authorizer } from '../../../manager/grpc/authorize.ts';
import type { LeaderInfo, ManagerPeer } from '../../../manager/leader-info.ts';
import { MemoryStore } from '../../../manager/store/memory-store.ts';
import { channelCredentials, serverCredentials, TLS_CHANNEL_OPTIONS } from '../../../pki/grpc-credentials.ts';
import type { NodeRole } from '../../../pki/node-role.ts';
import type { TlsBundle } from '../../../pki/tls-bundle.ts';
import type { MethodDefinition } from '@grpc/proto-loader';
import type {
  ControlServiceClient,
  ControlServiceDefinition,
} from '../../../proto/gen/covey/v1/ControlService.ts';
import { loadControlProto, loadCoveyProto } from '../../../proto/load.ts';
import { createTestPki, type TestPki } from '../../fixtures/cluster-pki.ts';
import { DirectProposer } from '../direct-proposer.ts';

/** A LeaderInfo whose answers the test sets. */
export class FakeLeader implements LeaderInfo {
  leader = true;
  leaderNodeId = '';
  addr: string | undefined;

  constructor(readonly nodeId: string) {
    this.leaderNodeId = nodeId;
  }

  isLeader(): boolean {
    return this.leader;
  }

  leaderId(): string {
    return this.leaderNodeId;
  }

  leaderAddr(): string | undefined {
    return this.addr;
  }

  managers(): readonly ManagerPeer[] {
    return [];
  }

  onLeaderChange(): () => void {
    return () => {};
  }

  /** Makes this manager a follower of `leaderId` at `addr`. */
  follow(leaderId: string, addr: string | undefined): void {
    this.leader = false;
    this.leaderNodeId = leaderId;
    this.addr = addr;
  }
}

export interface LogRecord {
  readonly level: number;
  readonly msg: string;
  readonly [key: string]: unknown;
}

/** pino's JSON lines, kept and awaitable. */
export class LogSink extends Writable {
  readonly records: LogRecord[] = [];
  private waiters: { match: (r: LogRecord) => boolean; resolve: (r: LogRecord) => void }[] = [];

  override _write(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    for (const line of chunk.toString().split('\n')) {
      if (line.trim() === '') continue;
      const record = JSON.parse(line) as LogRecord;
      this.records.push(record);
      this.waiters = this.waiters.filter((w) => {
        if (!w.match(record)) return true;
        w.resolve(record);
        return false;
      });
    }
    done();
  }

  /** The first record (already logged or to come) that matches. */
  waitFor(match: (r: LogRecord) => boolean): Promise<LogRecord> {
    const seen = this.records.find(match);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }
}

export interface ControlServer {
  readonly address: string;
  readonly service: ControlService;
  readonly store: MemoryStore;
  readonly proposer: DirectProposer;
  readonly leader: FakeLeader;
  readonly logs: LogSink;
  /** What raftMembers() answers; tests replace it. */
  raft: RaftMembership;
  /** Calls of readBarrier so far. */
  barriers: number;
  /** Tokens newJoinToken handed out, in order. */
  readonly tokens: string[];
}

export interface ServerOptions {
  readonly nodeId?: string;
  /** Fixed epoch ms for the service's clock and the proposer's stamps. */
  readonly now?: () => number;
  /** The log plane ServiceLogs reads; none: the manager has none. */
  readonly logBus?: LogBus;
  /** The event history Events with a past `since` reads; none: refused. */
  readonly eventBus?: EventBus;
}

let pkiPromise: Promise<TestPki> | undefined;
/** One CA per test process: certificate issuance is the slow part. */
export function testPki(): Promise<TestPki> {
  pkiPromise ??= createTestPki();
  return pkiPromise;
}

const bundles = new Map<string, Promise<TlsBundle>>();
export async function bundleFor(nodeId: string, role: NodeRole): Promise<TlsBundle> {
  const key = `${nodeId}/${role}`;
  let b = bundles.get(key);
  if (b === undefined) {
    b = testPki().then((pki) => pki.bundle(nodeId, role));
    bundles.set(key, b);
  }
  return b;
}

export async function startControlServer(t: Test, options: ServerOptions = {}): Promise<ControlServer> {
  const nodeId = options.nodeId ?? 'mgr-leader';
  const pki = await testPki();
  const bundle = await bundleFor(nodeId, 'manager');
  const now = options.now ?? Date.now;
  const store = new MemoryStore();
  const proposer = new DirectProposer(store, now);
  const leader = new FakeLeader(nodeId);
  const logs = new LogSink();
  const tokens: string[] = [];
  const server: ControlServer = {
    address: '',
    service: undefined as unknown as ControlService,
    store,
    proposer,
    leader,
    logs,
    raft: { voters: [nodeId], reachable: new Set([nodeId]) },
    barriers: 0,
    tokens,
  };
  const service = new ControlService({
    store,
    proposer,
    leader,
    authorizer: new Authorizer(pki.ca),
    logger: pino({ level: 'debug' }, logs),
    readBarrier: async () => {
      server.barriers++;
    },
    forwarder: new ControlForwarder(bundle, leader),
    raftMembers: () => server.raft,
    newJoinToken: (role) => {
      const token = `CVYTKN-1-test-${role}-${tokens.length + 1}`;
      tokens.push(token);
      return token;
    },
    now,
    newId: sequentialIds(nodeId),
    ...(options.logBus === undefined ? {} : { logs: { bus: options.logBus, leaderOnly: true } }),
    ...(options.eventBus === undefined ? {} : { events: options.eventBus }),
  });
  const grpcServer = new grpc.Server();
  grpcServer.addService(loadCoveyProto().covey.v1.ControlService.service, service.handlers());
  const port = await new Promise<number>((resolve, reject) =>
    grpcServer.bindAsync('127.0.0.1:0', serverCredentials(bundle, { requireClientCert: false }), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  t.teardown(() => {
    service.close();
    grpcServer.forceShutdown();
  });
  return Object.assign(server, { address: `127.0.0.1:${port}`, service });
}

/** Ids in creation order (sorting by id = sorting by creation), unique per server. */
function sequentialIds(prefix: string): () => string {
  let n = 0;
  return () => `${prefix.slice(0, 3)}${String(++n).padStart(22, '0')}`;
}

type ClientConstructor = new (
  address: string,
  credentials: grpc.ChannelCredentials,
  options?: grpc.ChannelOptions,
) => ControlServiceClient;

/** A ControlService client presenting `credentials` (default: the admin bundle). */
export async function controlClient(
  t: Test,
  address: string,
  credentials?: grpc.ChannelCredentials,
): Promise<ControlServiceClient> {
  const creds = credentials ?? channelCredentials(await bundleFor('admin', 'admin'));
  const Client = loadControlProto().covey.v1.ControlService as unknown as ClientConstructor;
  const client = new Client(address, creds, { ...TLS_CHANNEL_OPTIONS, 'grpc.use_local_subchannel_pool': 1 });
  t.teardown(() => client.close());
  return client;
}

export type UnaryMethod = Exclude<keyof ControlServiceDefinition, 'Events' | 'ServiceLogs'>;
type Parts<M extends UnaryMethod> =
  ControlServiceDefinition[M] extends MethodDefinition<infer Q, infer _R, infer _QO, infer RO>
    ? [Q, RO]
    : never;
export type RequestOf<M extends UnaryMethod> = Parts<M>[0];
export type ResponseOf<M extends UnaryMethod> = Parts<M>[1];

type UntypedUnary = (
  request: unknown,
  metadata: grpc.Metadata,
  options: grpc.CallOptions,
  callback: (err: grpc.ServiceError | null, response?: unknown) => void,
) => grpc.ClientUnaryCall;

/** A unary call as a promise, typed by the method's name. */
export function unary<M extends UnaryMethod>(
  client: ControlServiceClient,
  method: M,
  request: RequestOf<M>,
  metadata: grpc.Metadata = new grpc.Metadata(),
): Promise<ResponseOf<M>> {
  const fn = (client as unknown as Record<UnaryMethod, UntypedUnary>)[method].bind(client);
  return new Promise((resolve, reject) => {
    fn(request, metadata, { deadline: Date.now() + 20_000 }, (err, res) => {
      if (err) reject(err);
      else if (res === undefined) reject(new Error('no response'));
      else resolve(res as ResponseOf<M>);
    });
  });
}
