// The cluster's doors: joining needs the current token of this cluster's CA (checked before anything
// is sent), every RPC checks the caller's certificate and role, and a rotated token stops working
// for new joins only.
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import t from 'tap';
import { ControlClient } from '../../cli/control-client.ts';
import { Daemon } from '../../cli/daemon/daemon.ts';
import { readClientBundle } from '../../pki/client-bundle.ts';
import { joinChannelCredentials, TLS_CHANNEL_OPTIONS } from '../../pki/grpc-credentials.ts';
import { createJoinTokens } from '../../pki/join-token-hashes.ts';
import { createRootCa } from '../../pki/root-ca.ts';
import { parseTrustAnchor } from '../../pki/trust-anchor.ts';
import { loadCoveyProto } from '../../proto/load.ts';
import { freePort, LabCluster, waitFor } from './lab-cluster.ts';
import pino from 'pino';

const lab = await LabCluster.start({ managers: 1, workers: 1 });
t.teardown(() => lab.stop());
const control = lab.control();
const m1 = lab.nodes[0]!;
const tokens = (await control.getCluster()).cluster?.rootCa?.joinTokens;

async function tryJoin(token: string): Promise<unknown> {
  const port = await freePort();
  try {
    const d = await Daemon.start({
      dataDir: join(lab.root, `intruder-${port}`),
      listen: `127.0.0.1:${port}`,
      http: null,
      runtime: 'none',
      join: { addr: m1.addr, token },
      logger: pino({ level: 'silent' }),
    });
    await d.halt();
    return undefined;
  } catch (err) {
    return err;
  }
}

t.test('joining without a valid token of this cluster is refused with a clear error', async (t) => {
  t.match(await tryJoin(''), { message: /invalid join token/ }, 'empty token');
  t.match(await tryJoin('CVYTKN-1-garbage'), { message: /invalid join token/ }, 'malformed token');
  const other = await createRootCa({ clusterId: 'othercluster', now: new Date() });
  const foreign = createJoinTokens(other.digest).tokens.worker;
  t.match(
    await tryJoin(foreign),
    { name: 'CaMismatchError', message: /not the CA .* pinned by the join token/ },
    'a token of another CA: the CA check fails before the token is sent',
  );
  const ca = parseTrustAnchor(lab.admin.caCert);
  const guessed = createJoinTokens(ca.digest).tokens.worker;
  t.match(
    await tryJoin(guessed),
    { message: /refused to join this node: UNAUTHENTICATED: .*join token/ },
    'a well-formed token this CA never issued',
  );
  const { nodes } = await control.listNodes();
  t.equal(nodes.length, 2, 'no node was added by any of these');
});

t.test('a rotated token no longer joins; nodes that joined with it stay', async (t) => {
  const before = (await control.getCluster()).cluster;
  const rotated = await control.updateCluster({
    clusterId: before?.id ?? '',
    clusterVersion: before?.meta?.version ?? 0,
    spec: before?.spec ?? {},
    rotation: { worker: true },
  });
  t.not(rotated.cluster?.rootCa?.joinTokens?.worker, tokens?.worker, 'a new worker token');
  t.equal(rotated.cluster?.rootCa?.joinTokens?.manager, tokens?.manager, 'the manager token is unchanged');
  t.match(
    await tryJoin(tokens?.worker ?? ''),
    { message: /UNAUTHENTICATED/ },
    'the old worker token is refused',
  );
  const { nodes } = await control.listNodes();
  t.equal(nodes.length, 2, 'the worker that joined with the old token is still a member');
});

t.test('every RPC checks the certificate and the role', async (t) => {
  const w1 = lab.nodes.find((n) => n.name === 'w1');
  const workerBundle = await readClientBundle(join(w1?.dataDir ?? '', 'certs'), { now: new Date() });
  const asWorker = new ControlClient([m1.addr], workerBundle);
  t.teardown(() => asWorker.close());
  await t.rejects(asWorker.listServices(), { code: grpc.status.PERMISSION_DENIED }, 'worker → control API');

  const proto = loadCoveyProto().covey.v1;
  const anchor = parseTrustAnchor(lab.admin.caCert);
  const noCert = new proto.ControlService(m1.addr, joinChannelCredentials(anchor), {
    ...TLS_CHANNEL_OPTIONS,
  });
  t.teardown(() => noCert.close());
  const err = await new Promise<grpc.ServiceError | null>((resolve) =>
    noCert.ListServices({}, { deadline: Date.now() + 5_000 }, (e) => resolve(e)),
  );
  t.equal(
    err?.code,
    grpc.status.UNAUTHENTICATED,
    `no client certificate → UNAUTHENTICATED (${err?.details})`,
  );

  const { channelCredentials } = await import('../../pki/grpc-credentials.ts');
  const workerJoin = new proto.RaftMembership(m1.addr, channelCredentials(workerBundle), {
    ...TLS_CHANNEL_OPTIONS,
  });
  t.teardown(() => workerJoin.close());
  const joinErr = await new Promise<grpc.ServiceError | null>((resolve) =>
    workerJoin.Join({ addr: '127.0.0.1:1' }, { deadline: Date.now() + 5_000 }, (e) => resolve(e)),
  );
  t.equal(joinErr?.code, grpc.status.PERMISSION_DENIED, 'worker → raft membership');
  await waitFor(async () => (await control.listNodes()).nodes.length === 2, 'still two nodes');
});
