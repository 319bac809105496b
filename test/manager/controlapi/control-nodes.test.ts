// ControlService nodes over real gRPC: get/list with filters, UpdateNode (availability, labels,
// version check), demotion refused for the last manager and when it would break the Raft quorum,
// RemoveNode refused for managers and live nodes unless forced.
import * as grpc from '@grpc/grpc-js';
import t from 'tap';
import { NodeAvailability } from '../../../proto/gen/covey/v1/NodeAvailability.ts';
import { NodeRole, type NodeRole__Output } from '../../../proto/gen/covey/v1/NodeRole.ts';
import type { NodeSpec } from '../../../proto/gen/covey/v1/NodeSpec.ts';
import { NodeState, type NodeState__Output } from '../../../proto/gen/covey/v1/NodeState.ts';
import type { ControlServer } from './control-harness.ts';
import { controlClient, startControlServer, unary } from './control-harness.ts';

const W = NodeRole.NODE_ROLE_WORKER;
const M = NodeRole.NODE_ROLE_MANAGER;

async function seedNodes(server: ControlServer): Promise<void> {
  const node = (
    id: string,
    hostname: string,
    role: NodeRole__Output,
    state: NodeState__Output,
    labels: Record<string, string> = {},
  ) => ({
    createNode: {
      id,
      spec: {
        annotations: { name: '', labels },
        desiredRole: role,
        availability: NodeAvailability.NODE_AVAILABILITY_ACTIVE,
      },
      description: { hostname },
      status: { state },
      role,
    },
  });
  await server.proposer.propose([
    node('m1', 'alpha', M, NodeState.NODE_STATE_READY),
    node('m2', 'beta', M, NodeState.NODE_STATE_READY),
    node('m3', 'gamma', M, NodeState.NODE_STATE_READY),
    node('w1', 'delta', W, NodeState.NODE_STATE_READY, { zone: 'east' }),
    node('w2', 'epsilon', W, NodeState.NODE_STATE_DOWN, { zone: 'west' }),
  ]);
  server.raft = { voters: ['m1', 'm2', 'm3'], reachable: new Set(['m1', 'm2', 'm3']) };
}

t.test('get and list nodes with filters', async (t) => {
  const server = await startControlServer(t);
  await seedNodes(server);
  const client = await controlClient(t, server.address);
  t.equal((await unary(client, 'GetNode', { nodeId: 'w1' })).node?.description?.hostname, 'delta');
  await t.rejects(unary(client, 'GetNode', { nodeId: 'nope' }), {
    code: grpc.status.NOT_FOUND,
    details: 'node nope not found',
  });
  const ids = async (filters: object, pageSize = 0) =>
    (await unary(client, 'ListNodes', { filters, pageSize })).nodes.map((n) => n.id);
  t.same(await ids({}), ['m1', 'm2', 'm3', 'w1', 'w2']);
  t.same(await ids({ roles: [W] }), ['w1', 'w2'], 'roles');
  t.same(await ids({ names: ['GAMMA', 'delta'] }), ['m3', 'w1'], 'names match the hostname');
  t.same(await ids({ labels: { zone: 'west' } }), ['w2'], 'labels');
  t.same(await ids({ idPrefixes: ['m'], roles: [M] }), ['m1', 'm2', 'm3'], 'prefix and role');
  t.same(await ids({}, 2), ['m1', 'm2'], 'paged');
});

t.test('update availability and labels, with the version check', async (t) => {
  const server = await startControlServer(t);
  await seedNodes(server);
  const client = await controlClient(t, server.address);
  const before = server.store.get('node', 'w1');
  const version = before?.meta?.version ?? 0;
  const { node } = await unary(client, 'UpdateNode', {
    nodeId: 'w1',
    nodeVersion: version,
    spec: {
      annotations: { labels: { zone: 'north' } },
      availability: NodeAvailability.NODE_AVAILABILITY_DRAIN,
      desiredRole: W,
    },
  });
  t.equal(node?.spec?.availability, NodeAvailability.NODE_AVAILABILITY_DRAIN);
  t.equal(
    server.store.get('node', 'w1')?.spec?.availability,
    NodeAvailability.NODE_AVAILABILITY_DRAIN,
    'stored',
  );
  t.same(server.store.get('node', 'w1')?.spec?.annotations?.labels, { zone: 'north' });
  t.equal(server.store.get('node', 'w1')?.description?.hostname, 'delta', 'observed state kept');
  await t.rejects(
    unary(client, 'UpdateNode', { nodeId: 'w1', nodeVersion: version, spec: { desiredRole: W } }),
    {
      code: grpc.status.FAILED_PRECONDITION,
      details: new RegExp(`expected version ${version} but the stored version is ${node?.meta?.version}`),
    },
  );
  await t.rejects(
    unary(client, 'UpdateNode', {
      nodeId: 'w1',
      nodeVersion: node?.meta?.version ?? 0,
      spec: { availability: 7 } as unknown as NodeSpec,
    }),
    { code: grpc.status.INVALID_ARGUMENT, details: /^spec\.availability:/ },
  );
});

t.test('demotion: the last manager and a quorum-breaking one are refused', async (t) => {
  const server = await startControlServer(t);
  const client = await controlClient(t, server.address);
  await server.proposer.propose([
    {
      createNode: {
        id: 'solo',
        spec: { desiredRole: M },
        role: M,
        status: { state: NodeState.NODE_STATE_READY },
      },
    },
  ]);
  server.raft = { voters: ['solo'], reachable: new Set(['solo']) };
  const demote = (nodeId: string) =>
    unary(client, 'UpdateNode', {
      nodeId,
      nodeVersion: server.store.get('node', nodeId)?.meta?.version ?? 0,
      spec: { desiredRole: W },
    });
  await t.rejects(demote('solo'), {
    code: grpc.status.FAILED_PRECONDITION,
    details: 'cannot demote node solo: it is the last manager of the cluster; promote another node first',
  });

  await seedNodes(server);
  server.raft = { voters: ['m1', 'm2', 'm3'], reachable: new Set(['m1', 'm2']) };
  await t.rejects(demote('m2'), {
    code: grpc.status.FAILED_PRECONDITION,
    details:
      /^cannot demote node m2: removing its Raft vote would leave 1 reachable of 2 remaining voters, fewer than the quorum of 2/,
  });
  t.equal(server.store.get('node', 'm2')?.spec?.desiredRole, M, 'nothing changed');

  const { node } = await demote('m3');
  t.equal(node?.spec?.desiredRole, W, 'demoting the unreachable one keeps a quorum: allowed');
  t.equal(node?.role, M, 'the current role is the reconciler’s to change');
});

t.test('remove: managers never, live nodes only with force', async (t) => {
  const server = await startControlServer(t);
  await seedNodes(server);
  const client = await controlClient(t, server.address);
  await t.rejects(unary(client, 'RemoveNode', { nodeId: 'm1', force: true }), {
    code: grpc.status.FAILED_PRECONDITION,
    details: 'cannot remove node m1: it is a manager; demote it first, then remove it',
  });
  await t.rejects(unary(client, 'RemoveNode', { nodeId: 'w1' }), {
    code: grpc.status.FAILED_PRECONDITION,
    details: 'cannot remove node w1: it is ready, not down; stop its daemon first, or force the removal',
  });
  t.ok(server.store.get('node', 'w1'), 'still there');
  await unary(client, 'RemoveNode', { nodeId: 'w2' });
  t.equal(server.store.get('node', 'w2'), undefined, 'a down node is removed');
  await unary(client, 'RemoveNode', { nodeId: 'w1', force: true });
  t.equal(server.store.get('node', 'w1'), undefined, 'a ready node is removed with force');
  await t.rejects(unary(client, 'RemoveNode', { nodeId: 'w1' }), { code: grpc.status.NOT_FOUND });
});
