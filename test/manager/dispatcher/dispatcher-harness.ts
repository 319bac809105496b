// A real DispatcherService on a grpc-js mTLS server on 127.0.0.1, over a MemoryStore written through a
// DirectProposer, with a fake LeaderInfo; plus clients per certificate and small helpers to read
// streams and wait for store states by events (no sleeps).
import * as grpc from '@grpc/grpc-js';
import { pino } from 'pino';
import type { Test } from 'tap';
import type { LeaderInfo, ManagerPeer } from '../../../manager/leader-info.ts';
import { Authorizer } from '../../../manager/grpc/authorize.ts';
import {
  DispatcherService,
  type DispatcherServiceOptions,
} from '../../../manager/dispatcher/dispatcher-service.ts';
import type { HeartbeatConfig } from '../../../manager/dispatcher/heartbeat-period.ts';
import { MemoryStore } from '../../../manager/store/memory-store.ts';
import type { StoreKind, StoreObjects } from '../../../manager/store/store-kind.ts';
import {
  channelCredentials,
  joinChannelCredentials,
  serverCredentials,
  TLS_CHANNEL_OPTIONS,
} from '../../../pki/grpc-credentials.ts';
import type { TlsBundle } from '../../../pki/tls-bundle.ts';
import { parseTrustAnchor } from '../../../pki/trust-anchor.ts';
import type { DispatcherServiceClient } from '../../../proto/gen/covey/v1/DispatcherService.ts';
import type { Node } from '../../../proto/gen/covey/v1/Node.ts';
import { NodeState, type NodeState__Output } from '../../../proto/gen/covey/v1/NodeState.ts';
import type { Task } from '../../../proto/gen/covey/v1/Task.ts';
import { TaskState, type TaskState__Output } from '../../../proto/gen/covey/v1/TaskState.ts';
import { loadCoveyProto } from '../../../proto/load.ts';
import { createTestPki } from '../../fixtures/cluster-pki.ts';
import { DirectProposer } from '../direct-proposer.ts';

export const MANAGER_ID = 'manager1';
export const WORKER_ID = 'worker1';
export const OTHER_ID = 'worker2';
/** Holds a valid worker certificate but no Node object. */
export const STRANGER_ID = 'stranger1';

const api = loadCoveyProto().covey.v1;
const pki = await createTestPki();
export const bundles = {
  manager: await pki.bundle(MANAGER_ID, 'manager'),
  worker: await pki.bundle(WORKER_ID, 'worker'),
  other: await pki.bundle(OTHER_ID, 'worker'),
  stranger: await pki.bundle(STRANGER_ID, 'worker'),
  admin: await pki.bundle('admin1', 'admin'),
};

export class FakeLeader implements LeaderInfo {
  readonly nodeId = MANAGER_ID;
  leader = true;
  leaderIdValue = MANAGER_ID;
  leaderAddrValue: string | undefined = '10.0.0.1:4240';
  peers: ManagerPeer[] = [
    { nodeId: MANAGER_ID, addr: '10.0.0.1:4240', reachable: true },
    { nodeId: 'manager2', addr: '10.0.0.2:4240', reachable: false },
    { nodeId: 'manager3', addr: '10.0.0.3:4240', reachable: true },
  ];
  private readonly listeners = new Set<(id: string) => void>();
  isLeader(): boolean {
    return this.leader;
  }
  leaderId(): string {
    return this.leaderIdValue;
  }
  leaderAddr(): string | undefined {
    return this.leaderAddrValue;
  }
  managers(): readonly ManagerPeer[] {
    return this.peers;
  }
  onLeaderChange(listener: (leaderId: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  changeLeader(id: string): void {
    this.leaderIdValue = id;
    for (const l of this.listeners) l(id);
  }
}

/** Short timings: a silent node is DOWN 200 ms after its last heartbeat (the one place real timers run). */
export const FAST_HEARTBEAT: HeartbeatConfig = {
  basePeriodMs: 100,
  maxHeartbeatsPerSecond: 1_000_000,
  jitterFraction: 0,
  downGraceMs: 100,
  marginMs: 0,
};

export interface Harness {
  readonly store: MemoryStore;
  readonly proposer: DirectProposer;
  readonly leader: FakeLeader;
  readonly service: DispatcherService;
  readonly addr: string;
  client(bundle?: TlsBundle): DispatcherServiceClient;
  /** A client that presents no certificate (TLS server authentication only). */
  anonymousClient(): DispatcherServiceClient;
}

export interface HarnessOptions {
  readonly nodes?: readonly Node[];
  readonly tasks?: readonly Task[];
  /** Start the leader loop (default true). */
  readonly start?: boolean;
  readonly heartbeat?: HeartbeatConfig;
  readonly service?: Partial<DispatcherServiceOptions>;
}

export function node(id: string, state: NodeState__Output = NodeState.NODE_STATE_DOWN): Node {
  return { id, role: id.startsWith('manager') ? 1 : 0, spec: { availability: 0 }, status: { state } };
}

export function task(
  id: string,
  nodeId: string,
  state: TaskState__Output = TaskState.TASK_STATE_ASSIGNED,
): Task {
  return {
    id,
    serviceId: 'svc1',
    slot: 1,
    nodeId,
    specVersion: 1,
    desiredState: TaskState.TASK_STATE_RUNNING,
    status: { state },
  };
}

export async function startHarness(t: Test, o: HarnessOptions = {}): Promise<Harness> {
  const store = new MemoryStore();
  const proposer = new DirectProposer(store);
  const nodes = o.nodes ?? [node(MANAGER_ID), node(WORKER_ID), node(OTHER_ID)];
  await proposer.propose(nodes.map((n) => ({ createNode: n })));
  if (o.tasks !== undefined && o.tasks.length > 0) {
    for (let i = 0; i < o.tasks.length; i += 500) {
      await proposer.propose(o.tasks.slice(i, i + 500).map((x) => ({ createTask: x })));
    }
  }
  const leader = new FakeLeader();
  const service = new DispatcherService({
    store,
    proposer,
    leader,
    authorizer: new Authorizer(pki.ca),
    logger: pino({ level: 'silent' }),
    heartbeat: o.heartbeat ?? { ...FAST_HEARTBEAT, basePeriodMs: 10_000, downGraceMs: 10_000 },
    ...o.service,
  });
  if (o.start !== false) service.loop.start();
  const server = new grpc.Server();
  server.addService(api.DispatcherService.service, service.handlers());
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(
      '127.0.0.1:0',
      serverCredentials(bundles.manager, { requireClientCert: false }),
      (err, p) => (err ? reject(err) : resolve(p)),
    ),
  );
  const addr = `127.0.0.1:${port}`;
  const clients: DispatcherServiceClient[] = [];
  t.teardown(async () => {
    for (const c of clients) c.close();
    service.close();
    server.forceShutdown();
  });
  const track = (c: DispatcherServiceClient) => {
    clients.push(c);
    return c;
  };
  return {
    store,
    proposer,
    leader,
    service,
    addr,
    client: (bundle = bundles.worker) =>
      track(new api.DispatcherService(addr, channelCredentials(bundle), { ...TLS_CHANNEL_OPTIONS })),
    anonymousClient: () =>
      track(
        new api.DispatcherService(addr, joinChannelCredentials(parseTrustAnchor(bundles.manager.caCert)), {
          ...TLS_CHANNEL_OPTIONS,
        }),
      ),
  };
}

/** Reads a server stream message by message and records how it ended. */
export class StreamReader<T> {
  private readonly items: T[] = [];
  private readonly waiters: Array<{ resolve: (m: T) => void; reject: (e: Error) => void }> = [];
  private endStatus: grpc.StatusObject | undefined;
  /** The final status (OK included). */
  readonly status: Promise<grpc.StatusObject>;

  constructor(readonly stream: grpc.ClientReadableStream<T>) {
    stream.on('data', (m: T) => {
      const w = this.waiters.shift();
      if (w) w.resolve(m);
      else this.items.push(m);
    });
    stream.on('error', () => {});
    this.status = new Promise((resolve) =>
      stream.on('status', (s: grpc.StatusObject) => {
        this.endStatus = s;
        for (const w of this.waiters.splice(0))
          w.reject(new Error(`stream ended (${s.code} ${s.details}) before a message`));
        resolve(s);
      }),
    );
  }

  next(): Promise<T> {
    const m = this.items.shift();
    if (m !== undefined) return Promise.resolve(m);
    if (this.endStatus !== undefined) {
      return Promise.reject(
        new Error(`stream ended (${this.endStatus.code} ${this.endStatus.details}) before a message`),
      );
    }
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** Messages received and not read yet. */
  get buffered(): number {
    return this.items.length;
  }
}

/** Calls a unary method; resolves with the response or rejects with the ServiceError. */
export function unary<Req, Res>(
  method: (req: Req, cb: (err: grpc.ServiceError | null, res?: Res) => void) => unknown,
  request: Req,
): Promise<Res> {
  return new Promise((resolve, reject) =>
    method(request, (err, res) =>
      err ? reject(err) : res === undefined ? reject(new Error('no response')) : resolve(res),
    ),
  );
}

/** The error a call fails with (fails the test by throwing when it succeeds). */
export async function failure(p: Promise<unknown>): Promise<grpc.ServiceError> {
  try {
    await p;
  } catch (err) {
    return err as grpc.ServiceError;
  }
  throw new Error('the call succeeded; expected it to fail');
}

/** Resolves with the object once `pred` holds for it, checking now and then on each store event. */
export async function waitFor<K extends StoreKind>(
  store: MemoryStore,
  kind: K,
  id: string,
  pred: (o: StoreObjects[K]) => boolean,
): Promise<StoreObjects[K]> {
  const current = store.get(kind, id);
  if (current !== undefined && pred(current)) return current;
  const watcher = store.watch({ kinds: [kind] });
  try {
    for await (const e of watcher) {
      if (e.object.id === id && e.action !== 'delete' && pred(e.object as StoreObjects[K])) {
        return e.object as StoreObjects[K];
      }
    }
  } finally {
    watcher.close();
  }
  throw new Error(`watch on ${kind} ${id} ended`);
}
