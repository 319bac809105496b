// mTLS over real grpc-js on loopback: CA-issued certificates get through and name their holder to the
// server; foreign or missing certificates do not; one port can also serve clients without certificates;
// clients check the server's role; a certificate source renews a running server.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import t, { type Test } from 'tap';
import { CertificateInvalidError } from '../../pki/errors.ts';
import {
  caFetchChannelCredentials,
  channelCredentials,
  joinChannelCredentials,
  serverCredentials,
  TLS_CHANNEL_OPTIONS,
} from '../../pki/grpc-credentials.ts';
import { issueCredentials } from '../../pki/node-certificate.ts';
import { verifyNodeCertificate } from '../../pki/node-identity.ts';
import type { NodeRole } from '../../pki/node-role.ts';
import { createRootCa, type RootCa } from '../../pki/root-ca.ts';
import { verifyRemoteCa } from '../../pki/remote-ca.ts';
import type { TlsBundle } from '../../pki/tls-bundle.ts';
import { TlsCertificateSource } from '../../pki/tls-certificate-source.ts';
import { createJoinTokens } from '../../pki/join-token-hashes.ts';

const PROTO = `
syntax = "proto3";
package pkitest;
message Empty {}
message WhoAmI {
  bool authenticated = 1;
  string node_id = 2;
  string role = 3;
  string problem = 4;
}
service Probe { rpc Who(Empty) returns (WhoAmI); }
`;

interface WhoAmI {
  authenticated: boolean;
  nodeId: string;
  role: string;
  problem: string;
}
type WhoCallback = (error: grpc.ServiceError | null, reply?: WhoAmI) => void;
interface ProbeClient extends grpc.Client {
  who(request: object, options: grpc.CallOptions, callback: WhoCallback): grpc.ClientUnaryCall;
}
type ProbeClientConstructor = new (
  address: string,
  credentials: grpc.ChannelCredentials,
  options?: grpc.ChannelOptions,
) => ProbeClient;

const dir = await mkdtemp(join(tmpdir(), 'covey-pki-grpc-'));
t.teardown(() => rm(dir, { recursive: true, force: true }));
await writeFile(join(dir, 'probe.proto'), PROTO);
const definition = protoLoader.loadSync(join(dir, 'probe.proto'), { defaults: true });
// proto-loader builds the client class at run time; this describes the one method the test uses.
const Probe = (
  grpc.loadPackageDefinition(definition) as unknown as { pkitest: { Probe: grpc.ServiceClientConstructor } }
).pkitest.Probe;
const ProbeClient = Probe as unknown as ProbeClientConstructor;

// TLS checks validity against the real clock, so these certificates are issued for the real now.
const now = (): Date => new Date();
const ca = await createRootCa({ clusterId: 'cluster-a', now: now() });
const foreignCa = await createRootCa({ clusterId: 'cluster-a', now: now() });

async function bundleFor(
  issuer: RootCa,
  nodeId: string,
  role: NodeRole,
  trust: RootCa = issuer,
): Promise<TlsBundle> {
  const issued = await issueCredentials(issuer, { nodeId, role, now: now() });
  return { caCert: trust.certPem, cert: issued.certPem, key: issued.keyPem };
}

const managerBundle = await bundleFor(ca, 'manager-1', 'manager');
const workerBundle = await bundleFor(ca, 'worker-1', 'worker');
const adminBundle = await bundleFor(ca, 'admin', 'admin');
// Signed by another CA with the same cluster ID and subject names; it trusts the real CA, to isolate
// the one thing wrong with it.
const impostorBundle = await bundleFor(foreignCa, 'worker-1', 'worker', ca);

/**
 * Starts a Probe server. Who() reports the caller's verified identity, or that there is none; `calls`
 * counts the calls that reached the handler.
 */
async function startServer(t: Test, source: TlsBundle | TlsCertificateSource, requireClientCert: boolean) {
  const server = new grpc.Server();
  const stats = { calls: 0 };
  server.addService(Probe.service, {
    Who: (call: grpc.ServerUnaryCall<object, WhoAmI>, callback: grpc.sendUnaryData<WhoAmI>) => {
      stats.calls++;
      const peer = call.getAuthContext().sslPeerCertificate;
      verifyNodeCertificate(peer, ca, now()).then(
        (identity) =>
          callback(null, { authenticated: true, nodeId: identity.nodeId, role: identity.role, problem: '' }),
        (error: unknown) => {
          if (error instanceof CertificateInvalidError && error.reason === 'absent') {
            callback(null, { authenticated: false, nodeId: '', role: '', problem: 'no client certificate' });
          } else {
            callback({ code: grpc.status.UNAUTHENTICATED, details: String(error) });
          }
        },
      );
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', serverCredentials(source, { requireClientCert }), (error, p) =>
      error ? reject(error) : resolve(p),
    ),
  );
  t.teardown(() => server.forceShutdown());
  return { address: `127.0.0.1:${port}`, stats };
}

async function who(t: Test, address: string, credentials: grpc.ChannelCredentials): Promise<WhoAmI> {
  const client = new ProbeClient(address, credentials, {
    ...TLS_CHANNEL_OPTIONS,
    'grpc.use_local_subchannel_pool': 1,
  });
  t.teardown(() => client.close());
  return new Promise((resolve, reject) => {
    client.who({}, { deadline: Date.now() + 10_000 }, (error, reply) =>
      error || reply === undefined ? reject(error) : resolve(reply),
    );
  });
}

t.test('mTLS-only port (requireClientCert: true)', async (t) => {
  const server = await startServer(t, managerBundle, true);

  t.test('a CA-issued certificate gets through and names its node and role to the server', async (t) => {
    t.same(await who(t, server.address, channelCredentials(workerBundle)), {
      authenticated: true,
      nodeId: 'worker-1',
      role: 'worker',
      problem: '',
    });
    t.match(await who(t, server.address, channelCredentials(adminBundle)), {
      nodeId: 'admin',
      role: 'admin',
    });
  });

  t.test('a certificate from another CA is refused during the handshake', async (t) => {
    const before = server.stats.calls;
    await t.rejects(who(t, server.address, channelCredentials(impostorBundle)), {
      code: grpc.status.UNAVAILABLE,
    });
    t.equal(server.stats.calls, before, 'the handler never ran');
  });

  t.test('no client certificate is refused during the handshake', async (t) => {
    const before = server.stats.calls;
    const anchor = verifyRemoteCa(createJoinTokens(ca.digest).tokens.worker, ca.certPem);
    await t.rejects(who(t, server.address, joinChannelCredentials(anchor)), {
      code: grpc.status.UNAVAILABLE,
    });
    t.equal(server.stats.calls, before, 'the handler never ran');
  });
});

t.test(
  'shared port (requireClientCert: false): joiners without certificates and members on one port',
  async (t) => {
    const server = await startServer(t, managerBundle, false);

    t.test('a client without a certificate connects and the server sees no peer certificate', async (t) => {
      const anchor = verifyRemoteCa(createJoinTokens(ca.digest).tokens.worker, ca.certPem);
      t.same(await who(t, server.address, joinChannelCredentials(anchor)), {
        authenticated: false,
        nodeId: '',
        role: '',
        problem: 'no client certificate',
      });
    });

    t.test('the CA fetch channel connects without trusting anything', async (t) => {
      t.match(await who(t, server.address, caFetchChannelCredentials()), { authenticated: false });
    });

    t.test('a member certificate still identifies its holder', async (t) => {
      t.match(await who(t, server.address, channelCredentials(workerBundle)), {
        authenticated: true,
        nodeId: 'worker-1',
        role: 'worker',
      });
    });

    t.test('a certificate from another CA connects but proves nothing', async (t) => {
      t.match(await who(t, server.address, channelCredentials(impostorBundle)), {
        authenticated: false,
        problem: 'no client certificate',
      });
    });
  },
);

t.test('clients check the server: cluster CA, and a manager unless told otherwise', async (t) => {
  const workerServer = await startServer(t, workerBundle, true);
  await t.rejects(who(t, workerServer.address, channelCredentials(adminBundle)), {
    code: grpc.status.UNAVAILABLE,
    details: /worker certificate of worker-1 is not allowed here/,
  });
  t.match(
    await who(
      t,
      workerServer.address,
      channelCredentials(adminBundle, { serverRoles: ['manager', 'worker'] }),
    ),
    { nodeId: 'admin' },
    'allowed when the caller says so',
  );
  const foreignServer = await startServer(t, await bundleFor(foreignCa, 'manager-1', 'manager'), false);
  await t.rejects(who(t, foreignServer.address, channelCredentials(adminBundle)), {
    code: grpc.status.UNAVAILABLE,
  });
  const anchor = verifyRemoteCa(createJoinTokens(ca.digest).tokens.worker, ca.certPem);
  await t.rejects(who(t, foreignServer.address, joinChannelCredentials(anchor)), {
    code: grpc.status.UNAVAILABLE,
  });
});

t.test('a certificate source swaps the server certificate without a restart', async (t) => {
  const source = new TlsCertificateSource(workerBundle);
  const server = await startServer(t, source, true);
  await t.rejects(who(t, server.address, channelCredentials(adminBundle)), { code: grpc.status.UNAVAILABLE });
  source.update(managerBundle);
  t.equal(source.bundle, managerBundle);
  t.match(await who(t, server.address, channelCredentials(adminBundle)), {
    nodeId: 'admin',
    authenticated: true,
  });
});
