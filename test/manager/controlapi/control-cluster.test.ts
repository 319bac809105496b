// ControlService cluster over real gRPC: GetCluster without the CA key but with the join tokens,
// UpdateCluster (spec validation, version check) and join-token rotation of one role at a time.
import * as grpc from '@grpc/grpc-js';
import t from 'tap';
import type { ControlServer } from './control-harness.ts';
import { controlClient, startControlServer, unary } from './control-harness.ts';

const CLUSTER_ID = 'cluster000000000000000001';

async function seedCluster(server: ControlServer): Promise<void> {
  await server.proposer.propose([
    {
      createCluster: {
        id: CLUSTER_ID,
        spec: { annotations: { name: 'default' }, orchestration: { taskHistoryRetentionLimit: 5 } },
        rootCa: {
          caCert: Buffer.from('-----BEGIN CERTIFICATE-----'),
          caKey: Buffer.from('-----BEGIN PRIVATE KEY----- secret'),
          caCertDigest: 'sha256:abcd',
          joinTokens: { worker: 'CVYTKN-1-w-old', manager: 'CVYTKN-1-m-old' },
        },
      },
    },
  ]);
}

t.test('GetCluster: join tokens yes, CA key never', async (t) => {
  const server = await startControlServer(t);
  const client = await controlClient(t, server.address);
  await t.rejects(unary(client, 'GetCluster', {}), {
    code: grpc.status.NOT_FOUND,
    details: /not initialised/,
  });
  await seedCluster(server);
  const { cluster } = await unary(client, 'GetCluster', {});
  t.equal(cluster?.id, CLUSTER_ID);
  t.equal(cluster?.rootCa?.caKey.length, 0, 'ca_key cleared');
  t.equal(cluster?.rootCa?.caCert.toString(), '-----BEGIN CERTIFICATE-----');
  t.same(cluster?.rootCa?.joinTokens, { worker: 'CVYTKN-1-w-old', manager: 'CVYTKN-1-m-old' });
  t.ok((server.store.get('cluster', CLUSTER_ID)?.rootCa?.caKey.length ?? 0) > 0, 'the store keeps the key');
});

t.test('UpdateCluster: rotation replaces only the rotated token', async (t) => {
  const server = await startControlServer(t);
  await seedCluster(server);
  const client = await controlClient(t, server.address);
  const v1 = server.store.get('cluster', CLUSTER_ID)?.meta?.version ?? 0;
  const spec = { annotations: { name: 'default' }, orchestration: { taskHistoryRetentionLimit: 10 } };
  const { cluster } = await unary(client, 'UpdateCluster', {
    clusterId: CLUSTER_ID,
    clusterVersion: v1,
    spec,
    rotation: { worker: true },
  });
  t.same(server.tokens, ['CVYTKN-1-test-worker-1']);
  t.same(cluster?.rootCa?.joinTokens, { worker: 'CVYTKN-1-test-worker-1', manager: 'CVYTKN-1-m-old' });
  t.equal(cluster?.rootCa?.caKey.length, 0, 'the response has no key');
  const stored = server.store.get('cluster', CLUSTER_ID);
  t.equal(stored?.spec?.orchestration?.taskHistoryRetentionLimit, 10, 'spec replaced');
  t.equal(stored?.rootCa?.caKey.toString(), '-----BEGIN PRIVATE KEY----- secret', 'the stored key is kept');
  t.equal(stored?.rootCa?.joinTokens?.worker, 'CVYTKN-1-test-worker-1');

  const v2 = stored?.meta?.version ?? 0;
  const after = await unary(client, 'UpdateCluster', {
    clusterId: CLUSTER_ID,
    clusterVersion: v2,
    spec,
    rotation: { manager: true },
  });
  t.same(after.cluster?.rootCa?.joinTokens, {
    worker: 'CVYTKN-1-test-worker-1',
    manager: 'CVYTKN-1-test-manager-2',
  });

  await t.rejects(unary(client, 'UpdateCluster', { clusterId: CLUSTER_ID, clusterVersion: v1, spec }), {
    code: grpc.status.FAILED_PRECONDITION,
    details: new RegExp(`expected version ${v1} but the stored version is ${after.cluster?.meta?.version}`),
  });
  await t.rejects(
    unary(client, 'UpdateCluster', {
      clusterId: CLUSTER_ID,
      clusterVersion: after.cluster?.meta?.version ?? 0,
      spec: { annotations: { name: 'prod' } },
    }),
    {
      code: grpc.status.INVALID_ARGUMENT,
      details: /^spec\.annotations\.name: the cluster is named "default"/,
    },
  );
  await t.rejects(unary(client, 'UpdateCluster', { clusterId: 'other', clusterVersion: 1, spec }), {
    code: grpc.status.NOT_FOUND,
    details: 'cluster other not found',
  });
  t.equal(server.tokens.length, 2, 'refused updates minted no token');
});
