// DispatcherService over real grpc-js mTLS: sessions, leadership, authorization, heartbeats and
// expiry, and hostile input. Assignments and task status have their own files.
import * as grpc from '@grpc/grpc-js';
import t from 'tap';
import { LEADER_ADDR_METADATA } from '../../../manager/grpc/error-status.ts';
import type { HeartbeatResponse__Output } from '../../../proto/gen/covey/v1/HeartbeatResponse.ts';
import { NodeAvailability } from '../../../proto/gen/covey/v1/NodeAvailability.ts';
import { NodeState } from '../../../proto/gen/covey/v1/NodeState.ts';
import type { SessionMessage__Output } from '../../../proto/gen/covey/v1/SessionMessage.ts';
import { RuntimeKind } from '../../../proto/gen/covey/v1/RuntimeKind.ts';
import { TaskState } from '../../../proto/gen/covey/v1/TaskState.ts';
import {
  bundles,
  FAST_HEARTBEAT,
  failure,
  MANAGER_ID,
  node,
  OTHER_ID,
  StreamReader,
  startHarness,
  unary,
  WORKER_ID,
  waitFor,
} from './dispatcher-harness.ts';

const description = {
  hostname: 'worker-host',
  runtimes: [RuntimeKind.RUNTIME_KIND_HOLLOW],
  resources: { nanoCpus: 2e9, memoryBytes: 4 * 1024 ** 3 },
  coveyVersion: '0.1.0',
};

t.test('a session registers the node: READY, address and description stored', async (t) => {
  const h = await startHarness(t, { service: { natsUrls: () => ['nats://10.0.0.1:4222'] } });
  const client = h.client();
  const session = new StreamReader<SessionMessage__Output>(client.Session({ description }));
  const first = await session.next();
  t.match(first.sessionId, /^[0-9a-z]{25}$/);
  t.equal(first.nodeId, WORKER_ID, 'the node id is the certificate CN');
  t.equal(first.redirect, null);
  t.equal(
    first.node?.status?.state,
    NodeState.NODE_STATE_READY,
    'the first message follows the committed READY',
  );
  t.same(first.natsUrls, ['nats://10.0.0.1:4222']);
  t.same(
    first.managers.map((m) => [m.nodeId, m.weight]),
    [
      [MANAGER_ID, 20],
      ['manager3', 10],
      ['manager2', 1],
    ],
    'leader first, then reachable, then unreachable managers',
  );
  const stored = h.store.get('node', WORKER_ID);
  t.equal(stored?.status?.state, NodeState.NODE_STATE_READY);
  t.equal(stored?.status?.addr, '127.0.0.1', 'address from the peer');
  t.equal(stored?.description?.hostname, 'worker-host');
  t.same(stored?.description?.runtimes, [RuntimeKind.RUNTIME_KIND_HOLLOW]);

  const beat = await unary<object, HeartbeatResponse__Output>(client.Heartbeat.bind(client), {
    sessionId: first.sessionId,
  });
  t.equal(beat.period?.seconds, 10, 'period from the heartbeat config');

  // An operator drains the node: the agent hears of it on its session stream.
  const current = h.store.get('node', WORKER_ID)!;
  await h.proposer.propose([
    {
      updateNode: { ...current, spec: { availability: NodeAvailability.NODE_AVAILABILITY_DRAIN } },
      expectedVersion: current.meta!.version,
    },
  ]);
  const drained = await session.next();
  t.equal(drained.sessionId, first.sessionId);
  t.equal(drained.node?.spec?.availability, NodeAvailability.NODE_AVAILABILITY_DRAIN);

  // The manager list changes (a new leader): sent again.
  h.leader.peers = [...h.leader.peers, { nodeId: 'manager4', addr: '10.0.0.4:4240', reachable: true }];
  h.leader.changeLeader('manager3');
  const managers = await session.next();
  t.same(
    managers.managers.map((m) => m.nodeId),
    ['manager3', MANAGER_ID, 'manager4', 'manager2'],
  );
});

t.test('a description in a heartbeat updates the node; an unchanged one writes nothing', async (t) => {
  const h = await startHarness(t);
  const client = h.client();
  const first = await new StreamReader<SessionMessage__Output>(client.Session({ description })).next();
  const batches = h.proposer.batches.length;
  await unary(client.Heartbeat.bind(client), { sessionId: first.sessionId, description });
  await unary(client.Heartbeat.bind(client), { sessionId: first.sessionId });
  await new Promise((resolve) => setImmediate(resolve));
  t.equal(h.proposer.batches.length, batches, 'same description, no store write');
  await unary(client.Heartbeat.bind(client), {
    sessionId: first.sessionId,
    description: { ...description, hostname: 'renamed' },
  });
  const updated = await waitFor(h.store, 'node', WORKER_ID, (n) => n.description?.hostname === 'renamed');
  t.equal(updated.status?.state, NodeState.NODE_STATE_READY);
});

t.test('a follower redirects Session and refuses the rest with FAILED_PRECONDITION', async (t) => {
  const h = await startHarness(t);
  h.leader.leader = false;
  h.leader.leaderIdValue = 'manager3';
  h.leader.leaderAddrValue = '10.0.0.3:4240';
  const client = h.client();
  const session = new StreamReader<SessionMessage__Output>(client.Session({ description }));
  const redirect = await session.next();
  t.same(redirect.redirect, { leaderNodeId: 'manager3', leaderAddr: '10.0.0.3:4240' });
  t.equal(redirect.sessionId, '');
  t.equal((await session.status).code, grpc.status.OK, 'then the stream ends');
  const err = await failure(unary(client.Heartbeat.bind(client), { sessionId: 'x' }));
  t.equal(err.code, grpc.status.FAILED_PRECONDITION);
  t.match(err.details, /10\.0\.0\.3:4240/);
  t.same(err.metadata.get(LEADER_ADDR_METADATA), ['10.0.0.3:4240']);
  t.equal(h.store.get('node', WORKER_ID)?.status?.state, NodeState.NODE_STATE_DOWN, 'nothing registered');
});

t.test('a leader whose dispatcher has not started redirects nowhere (retry later)', async (t) => {
  const h = await startHarness(t, { start: false });
  const client = h.client();
  const session = new StreamReader<SessionMessage__Output>(client.Session({ description }));
  t.same((await session.next()).redirect, { leaderNodeId: '', leaderAddr: '' });
  const err = await failure(unary(client.UpdateTaskStatus.bind(client), { sessionId: 'x', updates: [] }));
  t.equal(err.code, grpc.status.FAILED_PRECONDITION);
});

t.test(
  'callers without a node certificate, with the admin one, or not in the store are refused',
  async (t) => {
    const h = await startHarness(t);
    const anonymous = new StreamReader(h.anonymousClient().Session({ description }));
    t.equal((await anonymous.status).code, grpc.status.UNAUTHENTICATED);
    const admin = h.client(bundles.admin);
    const adminErr = await failure(unary(admin.Heartbeat.bind(admin), { sessionId: 'x' }));
    t.equal(adminErr.code, grpc.status.PERMISSION_DENIED, 'admin is not a node role');
    const stranger = new StreamReader(h.client(bundles.stranger).Session({ description }));
    const status = await stranger.status;
    t.equal(status.code, grpc.status.PERMISSION_DENIED);
    t.match(status.details, /node stranger1 is not a member of this cluster \(was it removed\?\)/);
  },
);

t.test('a node removed while connected loses its streams and is refused after', async (t) => {
  const h = await startHarness(t);
  const client = h.client();
  const session = new StreamReader<SessionMessage__Output>(client.Session({ description }));
  const { sessionId } = await session.next();
  const assignments = new StreamReader(client.Assignments({ sessionId }));
  await assignments.next();
  const stored = h.store.get('node', WORKER_ID)!;
  await h.proposer.propose([{ deleteNode: stored, expectedVersion: stored.meta!.version }]);
  t.equal((await session.status).code, grpc.status.PERMISSION_DENIED);
  t.equal((await assignments.status).code, grpc.status.PERMISSION_DENIED);
  const err = await failure(unary(client.Heartbeat.bind(client), { sessionId }));
  t.equal(err.code, grpc.status.PERMISSION_DENIED);
});

t.test('an unknown session is INVALID_ARGUMENT for every call that carries one', async (t) => {
  const h = await startHarness(t);
  const client = h.client();
  await new StreamReader(client.Session({ description })).next();
  const beat = await failure(unary(client.Heartbeat.bind(client), { sessionId: 'nope' }));
  t.equal(beat.code, grpc.status.INVALID_ARGUMENT);
  const status = await failure(
    unary(client.UpdateTaskStatus.bind(client), { sessionId: 'nope', updates: [] }),
  );
  t.equal(status.code, grpc.status.INVALID_ARGUMENT);
  t.equal(
    (await new StreamReader(client.Assignments({ sessionId: 'nope' })).status).code,
    grpc.status.INVALID_ARGUMENT,
  );
  const other = h.client(bundles.other);
  const mine = await new StreamReader<SessionMessage__Output>(client.Session({ description })).next();
  const stolen = await failure(unary(other.Heartbeat.bind(other), { sessionId: mine.sessionId }));
  t.equal(stolen.code, grpc.status.INVALID_ARGUMENT, "another node's session ID is not this node's");
});

t.test('a silent node goes DOWN and its session ends', async (t) => {
  const h = await startHarness(t, { heartbeat: FAST_HEARTBEAT });
  const client = h.client();
  const session = new StreamReader<SessionMessage__Output>(client.Session({ description }));
  const { sessionId } = await session.next();
  const down = await waitFor(
    h.store,
    'node',
    WORKER_ID,
    (n) => n.status?.state === NodeState.NODE_STATE_DOWN,
  );
  t.equal(down.status?.message, 'heartbeat failure');
  t.equal((await session.status).code, grpc.status.INVALID_ARGUMENT, 'the expired session stream ends');
  const err = await failure(unary(client.Heartbeat.bind(client), { sessionId }));
  t.equal(err.code, grpc.status.INVALID_ARGUMENT, 'the session is gone');
  const again = await new StreamReader<SessionMessage__Output>(client.Session({ description })).next();
  t.not(again.sessionId, sessionId);
  t.equal(again.node?.status?.state, NodeState.NODE_STATE_READY, 'registering again brings it back');
});

t.test('nodes READY when the leader took over get one timeout to register', async (t) => {
  const h = await startHarness(t, {
    heartbeat: FAST_HEARTBEAT,
    nodes: [
      node(MANAGER_ID),
      node(WORKER_ID, NodeState.NODE_STATE_READY),
      node(OTHER_ID, NodeState.NODE_STATE_READY),
    ],
  });
  const unknown = await waitFor(
    h.store,
    'node',
    OTHER_ID,
    (n) => n.status?.state === NodeState.NODE_STATE_UNKNOWN,
  );
  t.match(unknown.status?.message, /new leader/);
  const client = h.client();
  const { sessionId } = await new StreamReader<SessionMessage__Output>(
    client.Session({ description }),
  ).next();
  const beats = setInterval(() => client.Heartbeat({ sessionId }, () => {}), 50);
  t.teardown(() => clearInterval(beats));
  const down = await waitFor(h.store, 'node', OTHER_ID, (n) => n.status?.state === NodeState.NODE_STATE_DOWN);
  t.equal(down.status?.message, 'heartbeat failure');
  t.equal(
    h.store.get('node', WORKER_ID)?.status?.state,
    NodeState.NODE_STATE_READY,
    'the heartbeating node stays READY',
  );
});

t.test('a session resumed after a disconnect keeps its ID and the node READY', async (t) => {
  const h = await startHarness(t);
  const client = h.client();
  const first = new StreamReader<SessionMessage__Output>(client.Session({ description }));
  const { sessionId } = await first.next();
  const assignments = new StreamReader(client.Assignments({ sessionId }));
  await assignments.next();
  first.stream.cancel();
  await waitFor(h.store, 'node', WORKER_ID, (n) => n.status?.state === NodeState.NODE_STATE_DISCONNECTED);
  const resumed = await new StreamReader<SessionMessage__Output>(
    client.Session({ description, sessionId }),
  ).next();
  t.equal(resumed.sessionId, sessionId, 'same session');
  t.equal(resumed.node?.status?.state, NodeState.NODE_STATE_READY);
  await unary(client.Heartbeat.bind(client), { sessionId });
  t.equal(assignments.buffered, 0);

  // A new session (no ID) replaces it: the old ID is refused and its Assignments stream ends.
  const fresh = await new StreamReader<SessionMessage__Output>(client.Session({ description })).next();
  t.not(fresh.sessionId, sessionId);
  t.equal((await assignments.status).code, grpc.status.INVALID_ARGUMENT);
  const err = await failure(unary(client.Heartbeat.bind(client), { sessionId }));
  t.equal(err.code, grpc.status.INVALID_ARGUMENT);
  t.match(err.details, /replaced/);
});

t.test('losing leadership ends every stream with FAILED_PRECONDITION', async (t) => {
  const h = await startHarness(t);
  const client = h.client();
  const session = new StreamReader<SessionMessage__Output>(client.Session({ description }));
  const { sessionId } = await session.next();
  const assignments = new StreamReader(client.Assignments({ sessionId }));
  await assignments.next();
  h.leader.leader = false;
  await h.service.loop.stop();
  t.equal((await session.status).code, grpc.status.FAILED_PRECONDITION);
  t.equal((await assignments.status).code, grpc.status.FAILED_PRECONDITION);
  const redirect = await new StreamReader<SessionMessage__Output>(client.Session({ description })).next();
  t.not(redirect.redirect, null);
});

t.test('garbage is refused and the server keeps serving', async (t) => {
  const h = await startHarness(t);
  const client = h.client();
  const { sessionId } = await new StreamReader<SessionMessage__Output>(
    client.Session({ description }),
  ).next();
  const malformed = await failure(
    new Promise((resolve, reject) =>
      client.makeUnaryRequest(
        '/covey.v1.DispatcherService/Heartbeat',
        (b: Buffer) => b,
        (b: Buffer) => b,
        Buffer.from([0x12, 0x05, 0x08]),
        (err, res) => (err ? reject(err) : resolve(res)),
      ),
    ),
  );
  t.equal(malformed.code, grpc.status.INTERNAL, 'a request that does not decode');
  const huge = await failure(
    unary(client.UpdateTaskStatus.bind(client), {
      sessionId,
      updates: [{ taskId: 'x'.repeat(5 * 1024 * 1024), status: { state: TaskState.TASK_STATE_NEW } }],
    }),
  );
  t.equal(huge.code, grpc.status.RESOURCE_EXHAUSTED, 'over 4 MiB');
  const many = await failure(
    unary(client.UpdateTaskStatus.bind(client), {
      sessionId,
      updates: Array.from({ length: 1001 }, (_, i) => ({
        taskId: `t${i}`,
        status: { state: TaskState.TASK_STATE_NEW },
      })),
    }),
  );
  t.equal(many.code, grpc.status.INVALID_ARGUMENT);
  t.match(many.details, /at most 1000/);
  const beat = await unary<object, HeartbeatResponse__Output>(client.Heartbeat.bind(client), { sessionId });
  t.ok(beat.period, 'still serving');
});

t.test('PublishLogs accepts and drops lines for a live session, refuses an unknown one', async (t) => {
  const h = await startHarness(t);
  const client = h.client();
  const { sessionId } = await new StreamReader<SessionMessage__Output>(
    client.Session({ description }),
  ).next();
  const publish = (id: string) =>
    new Promise<void>((resolve, reject) => {
      const call = client.PublishLogs((err) => (err ? reject(err) : resolve()));
      call.write({ sessionId: id, messages: [] });
      call.write({ messages: [] });
      call.end();
    });
  await publish(sessionId);
  const err = await failure(publish('nope'));
  t.equal(err.code, grpc.status.INVALID_ARGUMENT);
});

t.test('close() ends the streams and refuses new calls', async (t) => {
  const h = await startHarness(t);
  const client = h.client();
  const session = new StreamReader<SessionMessage__Output>(client.Session({ description }));
  const { sessionId } = await session.next();
  h.service.close();
  const status = await session.status;
  t.equal(status.code, grpc.status.FAILED_PRECONDITION);
  t.match(status.details, /shutting down/);
  const err = await failure(unary(client.Heartbeat.bind(client), { sessionId }));
  t.equal(err.code, grpc.status.FAILED_PRECONDITION);
});
