// `covey daemon --join ADDR --token T`: verifies the manager's CA against the digest the token pins
// (before sending anything), then exchanges a CSR and the token for a node certificate whose node id
// and role the CA decides. The private key never leaves this machine.
import * as grpc from '@grpc/grpc-js';
import { createCsr } from '../../pki/csr.ts';
import {
  caFetchChannelCredentials,
  joinChannelCredentials,
  TLS_CHANNEL_OPTIONS,
} from '../../pki/grpc-credentials.ts';
import { parseJoinToken } from '../../pki/join-token.ts';
import { exportPrivateKeyPem, generateKeyPair } from '../../pki/key-pair.ts';
import { verifyRemoteCa } from '../../pki/remote-ca.ts';
import type { TlsBundle } from '../../pki/tls-bundle.ts';
import type { CAServiceClient } from '../../proto/gen/covey/v1/CAService.ts';
import type { NodeAvailability } from '../../proto/gen/covey/v1/NodeAvailability.ts';
import { NodeRole } from '../../proto/gen/covey/v1/NodeRole.ts';
import { loadCaProto } from '../../proto/load.ts';
import { UsageError } from '../usage-error.ts';

export interface JoinedNode {
  readonly nodeId: string;
  readonly role: 'manager' | 'worker';
  readonly bundle: TlsBundle;
}

const CALL_TIMEOUT_MS = 15_000;

export async function joinCluster(o: {
  readonly managerAddr: string;
  readonly token: string;
  readonly availability: NodeAvailability;
}): Promise<JoinedNode> {
  const token = parseJoinToken(o.token.trim());
  const Client = loadCaProto().covey.v1.CAService;
  // 1. The CA certificate over an unauthenticated channel; trusted only if its digest is the token's.
  const fetchClient = new Client(o.managerAddr, caFetchChannelCredentials(), { ...TLS_CHANNEL_OPTIONS });
  let caCert: Buffer;
  try {
    const r = await unary<{ certificate: Buffer }>((cb) =>
      fetchClient.GetRootCACertificate({}, { deadline: Date.now() + CALL_TIMEOUT_MS }, cb),
    );
    caCert = r.certificate;
  } catch (err) {
    throw new UsageError(`cannot reach the manager at ${o.managerAddr}: ${describe(err)}`);
  } finally {
    fetchClient.close();
  }
  const anchor = verifyRemoteCa(token, caCert.toString('utf8'));
  // 2. The certificate, over a channel that trusts only that CA.
  const keys = await generateKeyPair();
  const [csr, keyPem] = await Promise.all([createCsr(keys), exportPrivateKeyPem(keys.privateKey)]);
  const client: CAServiceClient = new Client(o.managerAddr, joinChannelCredentials(anchor), {
    ...TLS_CHANNEL_OPTIONS,
  });
  try {
    const issued = await unary<{
      nodeId: string;
      role: number;
      certificate: Buffer;
      rootCaCertificate: Buffer;
    }>((cb) =>
      client.IssueNodeCertificate(
        { csr: Buffer.from(csr), token: token.text, availability: o.availability },
        { deadline: Date.now() + CALL_TIMEOUT_MS },
        cb,
      ),
    );
    return {
      nodeId: issued.nodeId,
      role: issued.role === NodeRole.NODE_ROLE_MANAGER ? 'manager' : 'worker',
      bundle: { caCert: anchor.certPem, cert: issued.certificate.toString(), key: keyPem },
    };
  } catch (err) {
    throw new UsageError(`the manager at ${o.managerAddr} refused to join this node: ${describe(err)}`);
  } finally {
    client.close();
  }
}

function unary<T>(start: (cb: (err: grpc.ServiceError | null, value?: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    start((err, value) => {
      if (err) reject(err);
      else if (value === undefined) reject(new Error('empty response'));
      else resolve(value);
    });
  });
}

function describe(err: unknown): string {
  const e = err as Partial<grpc.ServiceError>;
  if (typeof e.code === 'number') return `${grpc.status[e.code]}: ${e.details ?? e.message}`;
  return err instanceof Error ? err.message : String(err);
}
